// Lists the names an entry file exports, values and types apart: `node scripts/exports.mjs src/index.ts [--names]`.
import ts from "typescript";

const [file, flag] = process.argv.slice(2);
const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, allowJs: false });
const checker = program.getTypeChecker();
const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file));
const values = [];
const types = [];
for (const e of checker.getExportsOfModule(moduleSymbol)) {
  const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
  (target.flags & ts.SymbolFlags.Value ? values : types).push(e.name);
}
values.sort();
types.sort();
if (flag === "--names") console.log(JSON.stringify({ values, types }));
else console.log(`${file}: ${values.length} values, ${types.length} types, ${values.length + types.length} names`);
