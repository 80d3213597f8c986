#!/usr/bin/env node
// Realistic AEF v2 documents for the benchmarks (tests/bench/run), built from the bundle's
// examples (schemas/examples/aef/*.json): Ghana (GHA) reporting 2025, the same shape and
// spellings as the examples ("NA" for not applicable, both date spellings, integer serials,
// some full ITMO unique identifiers and some Gold Standard underlying units).
//
//   node tests/bench/gen.mjs --rows 10000 [--errors 0.02] [--seed 1] [--stripped] [-o FILE]
//   node tests/bench/gen.mjs --authorization [-o FILE]
//
// Consistency, so that the rules do real work without flooding findings:
// - Table 2 has one authorization per ~250 actions on four cooperative approaches (sectors
//   and activity types agree within an approach, II03); each names Table 5 entities of its
//   approach (AUTH-05) and authorizes CHE (never the reporting Party, AUTH-10). The
//   authorized quantity is set after the actions are generated: 20% above what its first
//   transfers add up to (AEF-X-15).
// - Serials are handed out in blocks of distinct serials per (approach, first transferring
//   Party, vintage): nothing overlaps unless an error below says so. A block's quantity is
//   its number of serials (AEF-X-13), unit IDs span as many units (II05).
// - Table 3 mixes Ghana's own first transfers (to CHE, and OIMP first transfers at
//   authorization), and ITMOs of Vanuatu's approach CA0004 that Ghana acquired and then
//   partly transferred on, used towards its NDC or cancelled (OMGE); what is left of each
//   acquired block is held at 31 December (Table 4), as are blocks of Ghana's own ITMOs
//   not yet first transferred. Uses and cancellations never overlap, holdings never cover
//   consumed serials, every action is dated in 2025 after its authorization.
// - Errors (`--errors`, default 0.02 = 2% of Table 3 rows; 0 gives a valid document) are
//   spread evenly: wrong code-list spellings, impossible or wrongly written dates,
//   not-applicable fields filled in, a quantity that disagrees with the serials, and an
//   action reported in the wrong year.
// `--stripped` removes the not-applicable members (null, "", "NA") as a6check's
// normalisation does: the text ajv can be given for a like-for-like schema check.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const example = (p) => JSON.parse(readFileSync(join(ROOT, 'schemas/examples', p), 'utf8'));

/** Deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  };
}

const pad = (n, w) => String(n).padStart(w, '0');
const PARTY = 'GHA';
const REGISTRY = 'GHA01';
const YEAR = 2025;
// Ghana's approaches (sectors and activity types per approach, II03) and Vanuatu's, whose
// ITMOs Ghana acquires (CA0004, as in vanuatu-2025-corsia-oimp.json).
const APPROACHES = [
  { ca: 'CA0009', sectors: ['Energy generation'], activityTypes: ['Energy Efficiency households'] },
  { ca: 'CA0011', sectors: ['Energy generation'], activityTypes: ['Solar', 'Wind'] },
  { ca: 'CA0012', sectors: ['Agriculture'], activityTypes: ['Agriculture'] },
  { ca: 'CA0015', sectors: ['Waste management'], activityTypes: ['Landfill gas', 'Methane avoidance'] },
];
const FOREIGN = { ca: 'CA0004', party: 'VUT' };

/** A date in 2025 on or after `from` (a day of the year, 1-based), in either spelling. */
function actionDate(r, from = 1) {
  const day = r.int(from, 365);
  const d = new Date(Date.UTC(YEAR, 0, day));
  const iso = d.toISOString().slice(0, 10);
  return r.next() < 0.5 ? `${iso}T${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:00Z` : iso;
}

/**
 * The AEF document as a JS object. `rows` Table 3 rows; `errors` the share of Table 3 rows
 * given one error; `seed` for the PRNG.
 */
export function aefDocument({ rows, errors = 0.02, seed = 1 }) {
  const r = rng(seed);
  const ghana = example('aef/ghana-2025-first-transfer.json');
  const swiss = example('aef/switzerland-2025-acquisition-and-use.json');
  const vanuatu = example('aef/vanuatu-2025-corsia-oimp.json');
  const t4Template = swiss.t4Holdings[0];
  const t5Template = ghana.t5AuthorizedEntities[0];

  // Table 5: entities of each approach (and of CA0004, which uses acquired ITMOs).
  const perApproach = Math.max(3, Math.round(rows / 2000));
  const entities = [];
  const entitiesOf = {};
  for (const [ai, a] of [...APPROACHES, { ca: FOREIGN.ca }].entries()) {
    entitiesOf[a.ca] = [];
    for (let k = 0; k < perApproach; k++) {
      const id = `CHE-${pad(100 + ai, 3)}.${pad(k, 3)}.${pad((ai * 37 + k * 11) % 1000, 3)}`;
      entitiesOf[a.ca].push(id);
      entities.push({
        ...t5Template,
        dateOfAuthorization: `2024-${pad(1 + (k % 12), 2)}-${pad(1 + (k % 28), 2)}`,
        name: `${t5Template.name} ${a.ca} ${k + 1}`,
        identificationNumber: id,
        cooperativeApproachId: a.ca,
      });
    }
  }

  // Table 2: authorizations, every fifth one also for OIMP (CORSIA, first transfer at authorization).
  const nAuth = Math.max(5, Math.round(rows / 250));
  const ndcAuth = ghana.t2Authorizations[0];
  const oimpAuth = vanuatu.t2Authorizations[0];
  const auths = [];
  for (let i = 0; i < nAuth; i++) {
    const a = APPROACHES[i % APPROACHES.length];
    const oimp = i % 5 === 4;
    const base = oimp ? oimpAuth : ndcAuth;
    auths.push({
      ...base,
      authorizationId: `GHA-A62-2024-${pad(i + 1, 4)}`,
      dateOfAuthorization: `2024-${pad(1 + (i % 12), 2)}-${pad(1 + (i % 28), 2)}`,
      cooperativeApproachId: a.ca,
      version: 1,
      authorizedQuantity: 0, // set below
      sectors: a.sectors,
      activityTypes: a.activityTypes,
      authorizedParties: i % 3 === 0 ? ['CHE', 'SWE'] : ['CHE'],
      authorizedEntities: [entitiesOf[a.ca][i % perApproach]],
      authorizedTimeframe: oimp ? 'Occurred: from 2021 to 2025. Use: from 2021 to 2030.' : '2021 - 2030',
      additionalInformation: oimp ? 'Synthetic benchmark authorization (NDC and OIMP).' : 'NA',
    });
  }
  const oimpAuths = auths.filter((a) => a.purposes !== 'NDC');

  // Serial counters per (approach, first transferring Party, vintage).
  const next = new Map();
  const take = (ca, party, vintage, n) => {
    const k = `${ca}|${party}|${vintage}`;
    const first = (next.get(k) ?? 0) + 1 + r.int(0, 3); // small gaps between blocks
    next.set(k, first + n - 1);
    return [first, first + n - 1];
  };
  const blockSize = () => (r.next() < 0.8 ? r.int(1, 2000) : r.int(2001, 50000));

  const NA = 'NA';
  const blockFields = (ca, party, vintage, first, last, { unitsFrom } = {}) => {
    const full = r.next() < 0.05; // some registries export full unique identifiers
    const withUnits = unitsFrom !== undefined;
    return {
      cooperativeApproachId: ca,
      firstTransferringPartyId: party,
      firstId: full ? `${ca}-${party}01-${party}-${first.toLocaleString('en-US')}-${vintage}` : first,
      lastId: full ? `${ca}-${party}01-${party}-${last.toLocaleString('en-US')}-${vintage}` : last,
      underlyingUnitRegistryId: withUnits ? 'GS' : NA,
      ...(withUnits
        ? {
          firstUnitId: `GS1-1-GH-GS${ca.slice(2)}-16-${vintage}-${unitsFrom}`,
          lastUnitId: `GS1-1-GH-GS${ca.slice(2)}-16-${vintage}-${unitsFrom + last - first}`,
        }
        : {}),
      metric: 'GHG',
      gwpValues: 'IPCC AR5 GWP100',
      nonGhgMetric: NA,
      quantityTCO2e: last - first + 1,
      quantityNonGhg: NA,
      mitigationType: r.pick(['Emission reductions', 'Emission reductions', 'Removals', 'Emission reductions and removals']),
      vintage,
    };
  };
  const action = (fields) => ({
    actionDate: fields.actionDate,
    actionType: fields.actionType,
    actionSubtype: NA,
    authorizationId: fields.authorizationId,
    partyItmoRegistryId: REGISTRY,
    ...fields.block,
    transferringPartyId: NA,
    acquiringPartyId: NA,
    purposeOimp: NA,
    usingPartyId: NA,
    usingEntityId: NA,
    yearUsedTowardsNdc: NA,
    ...fields.extra,
  });

  const t3 = [];
  const t4 = [];
  const firstTransferred = new Map(); // authorizationId -> quantity first transferred
  let unitCursor = 1;
  while (t3.length < rows) {
    const u = r.next();
    if (u < 0.5) {
      // First transfer of Ghana's own ITMOs to Switzerland (NDC use).
      const a = r.pick(auths);
      const vintage = r.int(2022, 2024);
      const [first, last] = take(a.cooperativeApproachId, PARTY, vintage, blockSize());
      const units = r.next() < 0.3 ? { unitsFrom: (unitCursor += last - first + 1) } : {};
      t3.push(action({
        actionDate: actionDate(r)  /* authorizations are all dated 2024 */,
        actionType: 'First transfer',
        authorizationId: a.authorizationId,
        block: blockFields(a.cooperativeApproachId, PARTY, vintage, first, last, units),
        extra: { actionSubtype: 'First transfer to another Party', acquiringPartyId: 'CHE' },
      }));
      firstTransferred.set(a.authorizationId, (firstTransferred.get(a.authorizationId) ?? 0) + last - first + 1);
    } else if (u < 0.56) {
      // OIMP first transfer at authorization (CORSIA).
      const a = r.pick(oimpAuths);
      const vintage = r.int(2022, 2024);
      const [first, last] = take(a.cooperativeApproachId, PARTY, vintage, blockSize());
      t3.push(action({
        actionDate: actionDate(r)  /* authorizations are all dated 2024 */,
        actionType: 'First transfer',
        authorizationId: a.authorizationId,
        block: blockFields(a.cooperativeApproachId, PARTY, vintage, first, last),
        extra: { actionSubtype: 'Authorization', purposeOimp: 'CORSIA', additionalInformation: 'First transfer for OIMP at authorization.' },
      }));
      firstTransferred.set(a.authorizationId, (firstTransferred.get(a.authorizationId) ?? 0) + last - first + 1);
    } else if (u < 0.9) {
      // Acquisition of Vanuatu's ITMOs, then parts transferred on, used, cancelled, held.
      const vintage = r.int(2022, 2024);
      const n = r.int(100, 20000);
      const [first, last] = take(FOREIGN.ca, FOREIGN.party, vintage, n);
      const authorizationId = `VUT-A62-2025-${pad(r.int(1, 40), 3)}`;
      const foreign = (lo, hi) => blockFields(FOREIGN.ca, FOREIGN.party, vintage, lo, hi);
      const acquiredOn = r.int(1, 300);
      const date = actionDate(r, acquiredOn);
      t3.push(action({
        actionDate: date,
        actionType: 'Acquisition',
        authorizationId,
        block: foreign(first, last),
        extra: { transferringPartyId: FOREIGN.party },
      }));
      // Cut the block into up to three consumed parts and a held rest.
      let lo = first;
      const parts = r.int(0, 3);
      for (let p = 0; p < parts && lo <= last && t3.length < rows; p++) {
        const hi = Math.min(last, lo + r.int(0, Math.floor(n / 3)));
        const kind = r.pick(['Transfer', 'Use', 'Use', 'Cancellation']);
        const later = actionDate(r, Math.min(365, acquiredOn + 30));
        const extra = kind === 'Transfer'
          ? { acquiringPartyId: r.pick(['CHE', 'SWE', 'SGP']) }
          : kind === 'Use'
            ? { usingPartyId: PARTY, yearUsedTowardsNdc: YEAR }
            : {
              actionSubtype: 'Voluntary cancellation to deliver OMGE',
              purposeOimp: 'OMGE',
              usingEntityId: r.next() < 0.5 ? r.pick(entitiesOf[FOREIGN.ca]) : NA,
            };
        t3.push(action({ actionDate: later, actionType: kind, authorizationId, block: foreign(lo, hi), extra }));
        lo = hi + 1;
      }
      if (lo <= last) {
        t4.push({ ...t4Template, authorizationId, partyItmoRegistryId: REGISTRY, ...foreign(lo, last) });
      }
    } else {
      // Ghana's own ITMOs still held at 31 December (no action this year).
      const a = r.pick(auths);
      const vintage = r.int(2022, 2024);
      const [first, last] = take(a.cooperativeApproachId, PARTY, vintage, blockSize());
      t4.push({ ...t4Template, authorizationId: a.authorizationId, partyItmoRegistryId: REGISTRY, ...blockFields(a.cooperativeApproachId, PARTY, vintage, first, last) });
    }
  }
  t3.length = rows;
  for (const a of auths) a.authorizedQuantity = Math.max(1000, Math.ceil((firstTransferred.get(a.authorizationId) ?? 0) * 1.2));

  // Errors, evenly spread over Table 3.
  const nErr = Math.round(rows * errors);
  const MUTATIONS = [
    (row) => { row.actionType = row.actionType === 'First transfer' ? 'First Transfer' : `${row.actionType}s`; },
    (row) => { row.mitigationType = 'Emission reduction'; },
    (row) => { row.metric = 'ghg'; },
    (row) => { row.actionSubtype = row.actionSubtype === NA ? 'Not applicable' : row.actionSubtype.toLowerCase(); },
    (row) => { row.underlyingUnitRegistryId = 'Gold Standard'; row.firstUnitId = 'GS1-1'; row.lastUnitId = 'GS1-1'; },
    (row) => { row.actionDate = '2025-02-30'; },
    (row) => { row.actionDate = '2025-13-01'; },
    (row) => { row.actionDate = '08/07/2025'; },
    (row) => { row.nonGhgMetric = 'tonnes of hydrogen'; },
    (row) => { if (row.actionType === 'Use') row.acquiringPartyId = 'CHE'; else row.yearUsedTowardsNdc = YEAR; },
    (row) => { row.quantityTCO2e += 1; },
    (row) => { row.actionDate = row.actionDate.replace('2025', '2024'); },
  ];
  for (let e = 0; e < nErr; e++) {
    const i = Math.floor(((e + 0.5) * rows) / nErr);
    MUTATIONS[e % MUTATIONS.length](t3[i]);
  }

  return {
    t1Submission: { ...ghana.t1Submission },
    t2Authorizations: auths,
    t3Actions: t3,
    t4Holdings: t4,
    t5AuthorizedEntities: entities,
  };
}

/** Remove not-applicable members (null, blank, "NA") everywhere, as a6check's normaliser does. */
export function stripNotApplicable(v) {
  if (Array.isArray(v)) return v.map(stripNotApplicable);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null || (typeof x === 'string' && (x.trim() === '' || x === 'NA'))) continue;
      out[k] = stripNotApplicable(x);
    }
    return out;
  }
  return v;
}

/** The AEF document as JSON text (indented like an export, 2 spaces). */
export function aefText(opts) {
  const doc = aefDocument(opts);
  return JSON.stringify(opts.stripped ? stripNotApplicable(doc) : doc, null, 2);
}

/** The small form: the Ghana letter of authorization from the examples. */
export function authorizationText() {
  return readFileSync(join(ROOT, 'schemas/examples/authorization/ghana-ndc.json'), 'utf8');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = { rows: 1000, errors: 0.02, seed: 1, stripped: false };
  let out = null;
  let auth = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--rows') opt.rows = Number(args[++i]);
    else if (a === '--errors') opt.errors = Number(args[++i]);
    else if (a === '--seed') opt.seed = Number(args[++i]);
    else if (a === '--stripped') opt.stripped = true;
    else if (a === '--authorization') auth = true;
    else if (a === '-o' || a === '--out') out = args[++i];
    else {
      console.error(`gen.mjs: unknown argument ${a}\nusage: gen.mjs --rows N [--errors F] [--seed N] [--stripped] [-o FILE] | --authorization [-o FILE]`);
      process.exit(2);
    }
  }
  const text = auth ? authorizationText() : aefText(opt);
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}
