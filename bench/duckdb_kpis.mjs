#!/usr/bin/env node
// The core KPIs per agent and per team for one month, computed by DuckDB with SQL
// straight from a canonical contacts.csv (bench/run's DuckDB contender).
//
// usage: node bench/duckdb_kpis.mjs --csv FILE --period YYYY-MM
//            [--threads N] [--threshold S] [--modules DIR]
//
//   --threads N    SET threads = N (default: DuckDB's own default, one per core)
//   --threshold S  service-level threshold in seconds (default 20)
//   --modules DIR  the node_modules folder that holds @duckdb/node-api (bench/run
//                  installs it in a cache under its output folder); without it the
//                  package is resolved the usual way
//
// Prints JSON on stdout:
//   {"tool": "duckdb", "version", "threads", "period",
//    "agents": {id: {metric: {"value", "n"}}}, "teams": {...}}
// with the metrics handled, aht, acw, hold, fcr, transfer_rate, csat and
// service_level (rates as fractions; n is each figure's denominator; a figure
// with n = 0 has value null).
//
// Month assignment: started_at is ISO 8601 with an explicit UTC offset, written
// by the generator as Europe/London local time with London's offset at that
// instant (e.g. 2026-10-05T09:14:03+01:00), so the local month is its first 7
// characters. bench/run checks that claim on every row of the file (with
// Python's zoneinfo) before it runs this script.
//
// The CSV is read from scratch on every run: no table, no cache, an in-memory
// database that lives as long as the process.

import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

function usage(msg) {
  if (msg) process.stderr.write(`duckdb_kpis.mjs: error: ${msg}\n`);
  process.stderr.write('usage: node duckdb_kpis.mjs --csv FILE --period YYYY-MM '
    + '[--threads N] [--threshold S] [--modules DIR]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { threshold: 20 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!['--csv', '--period', '--threads', '--threshold', '--modules'].includes(flag)) {
      usage(`unknown argument ${flag}`);
    }
    if (value === undefined) usage(`${flag} needs a value`);
    i++;
    if (flag === '--csv') opts.csv = value;
    else if (flag === '--period') opts.period = value;
    else if (flag === '--modules') opts.modules = value;
    else {
      const n = Number(value);
      if (!Number.isFinite(n) || n < (flag === '--threads' ? 1 : 0)
          || (flag === '--threads' && !Number.isInteger(n))) {
        usage(`${flag} ${value}: not a valid number`);
      }
      opts[flag.slice(2)] = n;
    }
  }
  if (!opts.csv) usage('--csv is required');
  if (!opts.period || !/^\d{4}-\d{2}$/.test(opts.period)) usage('--period YYYY-MM is required');
  return opts;
}

async function loadDuckDB(modules) {
  if (!modules) return import('@duckdb/node-api');
  // ESM ignores NODE_PATH: resolve the package from the given folder instead.
  const require = createRequire(path.join(path.resolve(modules), 'index.js'));
  return import(pathToFileURL(require.resolve('@duckdb/node-api')).href);
}

// One pass over the file: the month's contacts grouped two ways at once.
// Agents and teams are the agent_id and team columns; abandoned contacts carry
// neither (empty fields read as NULL), and the NULL groups are dropped.
//   handled        answered contacts
//   aht            mean(talk + hold + acw) over answered
//   acw, hold      means over answered
//   fcr            resolved = 1 / answered rows with a resolved flag
//   transfer_rate  transferred = 1 / answered
//   csat           csat >= 4 / answered rows with a csat answer (top-2-box)
//   service_level  "offered": answered within T / (answered + abandoned)
const SQL = `
WITH contacts AS (
    SELECT *
    FROM read_csv($csv, header = true, columns = {
        'contact_id': 'VARCHAR', 'agent_id': 'VARCHAR', 'team': 'VARCHAR',
        'queue': 'VARCHAR', 'channel': 'VARCHAR', 'started_at': 'VARCHAR',
        'wait_s': 'DOUBLE', 'talk_s': 'DOUBLE', 'hold_s': 'DOUBLE', 'acw_s': 'DOUBLE',
        'outcome': 'VARCHAR', 'transferred': 'TINYINT', 'resolved': 'TINYINT',
        'csat': 'TINYINT', 'nps': 'TINYINT', 'customer_id': 'VARCHAR', 'notes': 'VARCHAR',
        'recorded': 'TINYINT', 'recording_notice': 'TINYINT',
        'account_disclosed': 'TINYINT', 'idv_passed': 'TINYINT'})
    -- local month = first 7 characters of the offset-qualified local timestamp
    WHERE substr(started_at, 1, 7) = $period
)
SELECT
    CASE WHEN GROUPING(agent_id) = 0 THEN 'agents' ELSE 'teams' END AS kind,
    coalesce(agent_id, team) AS id,
    count(*) FILTER (WHERE outcome = 'answered') AS handled,
    avg(talk_s + hold_s + acw_s) FILTER (WHERE outcome = 'answered') AS aht,
    avg(acw_s) FILTER (WHERE outcome = 'answered') AS acw,
    avg(hold_s) FILTER (WHERE outcome = 'answered') AS hold,
    count(*) FILTER (WHERE outcome = 'answered' AND resolved = 1) AS fcr_k,
    count(resolved) FILTER (WHERE outcome = 'answered') AS fcr_n,
    count(*) FILTER (WHERE outcome = 'answered' AND transferred = 1) AS transfer_k,
    count(*) FILTER (WHERE outcome = 'answered' AND csat >= 4) AS csat_k,
    count(csat) FILTER (WHERE outcome = 'answered') AS csat_n,
    count(*) FILTER (WHERE outcome = 'answered' AND wait_s <= $threshold) AS sl_k,
    count(*) FILTER (WHERE outcome IN ('answered', 'abandoned')) AS sl_n
FROM contacts
GROUP BY GROUPING SETS ((agent_id), (team))
HAVING (GROUPING(agent_id) = 0 AND agent_id IS NOT NULL)
    OR (GROUPING(team) = 0 AND team IS NOT NULL)
ORDER BY kind, id
`;

function num(v) {
  return typeof v === 'bigint' ? Number(v) : v;
}

function ratio(k, n) {
  return { value: n > 0 ? k / n : null, n };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { DuckDBInstance, version } = await loadDuckDB(opts.modules);
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  if (opts.threads !== undefined) await con.run(`SET threads = ${opts.threads}`);
  const threads = num((await con.runAndReadAll(
    "SELECT current_setting('threads') AS t")).getRowObjectsJS()[0].t);

  const reader = await con.runAndReadAll(SQL, {
    csv: path.resolve(opts.csv), period: opts.period, threshold: opts.threshold,
  });
  const out = {
    tool: 'duckdb', version: typeof version === 'function' ? version() : null,
    threads, period: opts.period, agents: {}, teams: {},
  };
  for (const row of reader.getRowObjectsJS()) {
    const r = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, num(v)]));
    const mean = (v) => ({ value: r.handled > 0 ? v : null, n: r.handled });
    out[r.kind][r.id] = {
      handled: { value: r.handled, n: r.handled },
      aht: mean(r.aht),
      acw: mean(r.acw),
      hold: mean(r.hold),
      fcr: ratio(r.fcr_k, r.fcr_n),
      transfer_rate: ratio(r.transfer_k, r.handled),
      csat: ratio(r.csat_k, r.csat_n),
      service_level: ratio(r.sl_k, r.sl_n),
    };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
  con.closeSync?.();
  instance.closeSync();
}

main().catch((err) => {
  process.stderr.write(`duckdb_kpis.mjs: error: ${err && err.message ? err.message : err}\n`);
  process.exit(1);
});
