// The API help index the REPL's `.help <name>` reads: every name the public entry exports, with
// its kind, signature and doc comment, and for classes and interfaces each member's. Written by
// the build (from the emitted declarations) as dist/api-help.json.
import ts from "typescript";

/** The doc comment of `symbol` as plain text. */
function docOf(checker, symbol) {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

/** The signatures of a member or function, as `name(params): result` lines. */
function signatures(checker, name, type) {
  const sigs = type.getCallSignatures();
  return sigs.map((s) => `${name}${checker.signatureToString(s, undefined, ts.TypeFormatFlags.NoTruncation)}`);
}

/** One member of a class or interface. */
function member(checker, prop, at) {
  const type = checker.getTypeOfSymbolAtLocation(prop, at);
  const sigs = prop.flags & ts.SymbolFlags.Method ? signatures(checker, prop.name, type) : [];
  const decl = prop.declarations?.[0];
  const getter = decl !== undefined && ts.isGetAccessorDeclaration(decl);
  const signature = sigs.length > 0 ? sigs : [`${getter ? "get " : ""}${prop.name}: ${checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation)}`];
  return { name: prop.name, signature, doc: docOf(checker, prop) };
}

/** The help entries of the module whose declarations start at `entry` (a .d.ts file). */
export function apiHelp(entry) {
  const program = ts.createProgram([entry], { noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(entry);
  const moduleSymbol = checker.getSymbolAtLocation(file);
  const out = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    if (decl === undefined) continue;
    const name = exported.name;
    const doc = docOf(checker, symbol);
    if (symbol.flags & ts.SymbolFlags.Class) {
      const instance = checker.getDeclaredTypeOfSymbol(symbol);
      const members = checker.getPropertiesOfType(instance).filter((p) => !p.name.startsWith("__") && !isPrivate(p)).map((p) => member(checker, p, decl));
      const statics = checker.getPropertiesOfType(checker.getTypeOfSymbolAtLocation(symbol, decl)).filter((p) => p.name !== "prototype" && !isPrivate(p)).map((p) => ({ ...member(checker, p, decl), static: true }));
      const ctor = checker.getTypeOfSymbolAtLocation(symbol, decl).getConstructSignatures().map((s) => `new ${name}${checker.signatureToString(s, undefined, ts.TypeFormatFlags.NoTruncation)}`.replace(/: [^:]*$/, ""));
      out.push({ name, kind: "class", signature: ctor.length > 0 ? ctor : [`class ${name}`], doc, members: [...statics, ...members] });
    } else if (symbol.flags & ts.SymbolFlags.Function) {
      out.push({ name, kind: "function", signature: signatures(checker, name, checker.getTypeOfSymbolAtLocation(symbol, decl)), doc });
    } else if (symbol.flags & ts.SymbolFlags.Interface) {
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      out.push({ name, kind: "interface", signature: [`interface ${name}`], doc, members: checker.getPropertiesOfType(type).map((p) => member(checker, p, decl)) });
    } else if (symbol.flags & ts.SymbolFlags.TypeAlias) {
      out.push({ name, kind: "type", signature: [`type ${name} = ${checker.typeToString(checker.getDeclaredTypeOfSymbol(symbol), undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias)}`], doc });
    } else if (symbol.flags & ts.SymbolFlags.Variable) {
      out.push({ name, kind: "const", signature: [`const ${name}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, decl), undefined, ts.TypeFormatFlags.NoTruncation)}`], doc });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function isPrivate(p) {
  const d = p.declarations?.[0];
  if (d === undefined) return false;
  const flags = ts.getCombinedModifierFlags(d);
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0 || /@internal/.test(d.getFullText());
}
