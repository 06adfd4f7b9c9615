// The names an entry file exports, values and types apart. The build writes them for the kernel's
// scope; run directly, it prints the counts: `node scripts/exports.mjs src/index.ts [--names]`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** The names `file` exports, split into values and type-only names, each sorted. */
export function exportedNames(file) {
  const full = path.resolve(file);
  const program = ts.createProgram([full], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const values = [];
  const types = [];
  for (const e of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(full)))) {
    const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
    (target.flags & ts.SymbolFlags.Value ? values : types).push(e.name);
  }
  return { values: values.sort(), types: types.sort() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, flag] = process.argv.slice(2);
  const { values, types } = exportedNames(file);
  if (flag === "--names") console.log(JSON.stringify({ values, types }));
  else console.log(`${file}: ${values.length} values, ${types.length} types, ${values.length + types.length} names`);
}
