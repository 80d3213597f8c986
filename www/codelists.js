// Code lists for the authorization form's choices, copied from schemas/codelists/*.json
// (official spellings kept exactly). The engine is the judge: a value missing here can
// still arrive through "Paste JSON" and is then reported by the schema.

export const CODELISTS = {
  // codelists/sectors.json (Table 15(b))
  sectors: [
    'Agriculture',
    'Building and construction',
    'Cross-sectoral mechanisms',
    'Energy generation',
    'Forestry and land use',
    'Industrial processes',
    'Transportation',
    'Urban development',
    'Waste management',
  ],
  // codelists/activity-types.json (Table 51(b))
  activityTypes: [
    'Afforestation',
    'Agriculture',
    'Biogas',
    'Biomass Energy',
    'Cement',
    'C02 usage',
    'Coal bed/mine methane',
    'Energy distribution',
    'Energy Efficiency households',
    'Energy Efficiency Industry',
    'Energy Efficiency own generation',
    'Energy Efficiency service',
    'Energy Efficiency supply side',
    'Fossil fuel switch',
    'Fugitive',
    'Geothermal',
    'Hydro',
    'Landfill gas',
    'Methane avoidance',
    'N2O',
    'PFCs and SF6',
    'Reforestation',
    'Solar',
    'Tidal',
    'Transport',
    'Waste',
    'Wind',
  ],
  // codelists/greenhouse-gases.json
  greenhouseGases: ['CO2', 'CH4', 'N2O', 'HFCs', 'PFCs', 'SF6', 'NF3'],
  // codelists/metric.json (Table 12(b))
  metric: ['GHG', 'non-GHG'],
  // codelists/purposes.json (Table 16(b))
  purposes: ['NDC', 'OIMP', 'IMP', 'OP', 'NDC and OIMP', 'NDC and IMP', 'NDC and OP'],
  // codelists/first-transfer-definitions-oimp.json (Table 22(b))
  firstTransferDefinitionOimp: ['Authorisation', 'Issuance', 'Use or Cancellation'],
  // codelists/underlying-unit-registries.json (Table 31(b))
  underlyingStandard: [
    'VCS', 'GS', 'CAR', 'ACR', 'ART', 'GCC', 'Cercarbono', 'Isometric', 'ISFL', 'FCPF', 'T-VER', 'JCM',
  ],
  // forms/authorization.schema.json, authorizationType enum
  authorizationType: ['consolidated', 'sequential'],
};

// Where each list is in a packed bundle (`a6check bundle pack`), for "Load rules file".
const FILES = {
  sectors: 'codelists/sectors.json',
  activityTypes: 'codelists/activity-types.json',
  greenhouseGases: 'codelists/greenhouse-gases.json',
  metric: 'codelists/metric.json',
  purposes: 'codelists/purposes.json',
  firstTransferDefinitionOimp: 'codelists/first-transfer-definitions-oimp.json',
  underlyingStandard: 'codelists/underlying-unit-registries.json',
};

/** The code lists of a packed bundle (parsed JSON); lists it lacks are left out. */
export function codeListsFromBundle(bundle) {
  const files = bundle?.files ?? {};
  const lists = {};
  const take = (key, values) => {
    if (Array.isArray(values) && values.length && values.every((v) => typeof v === 'string')) lists[key] = values;
  };
  for (const [key, file] of Object.entries(FILES)) take(key, files[file]?.enum);
  take('authorizationType', files['forms/authorization.schema.json']?.properties?.authorizationType?.enum);
  return lists;
}
