// reads PromQL expressions, one per line, from stdin; prints "ok" or "error at <pos>: <expr>" per line
const { parser } = require('@prometheus-io/lezer-promql');
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter(l => l.length > 0);
let bad = 0;
for (const expr of lines) {
  const tree = parser.parse(expr);
  let err = -1;
  tree.iterate({ enter: n => { if (n.type.isError && err < 0) err = n.from; } });
  if (err >= 0) { bad++; console.log('error at ' + err + ': ' + expr); } else console.log('ok');
}
process.exit(bad ? 1 : 0);
