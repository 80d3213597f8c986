// The hand-made authorization form in the page's language. Field labels come from the
// bundle's catalogs (Checker.labels(form, lang), keyed by pointer pattern, the same words
// the engine's messages use); section headings, hints, placeholders and buttons come from
// the table below. Identifiers in hints (GHA, CA0009) are isolated in <bdi dir="ltr">, and
// code-list values (official English spellings) are marked lang="en".

import { el } from './dom.js';

/** The form's own words: section legends, hints, placeholders, entity rows. */
export const FORM_WORDS = {
  en: {
    optional: '{label} (optional)',
    secAuthorization: 'The authorization',
    secApproach: 'The cooperative approach',
    secWhat: 'What is authorized',
    secWho: 'Who is authorized',
    secTimeframe: 'Timeframe',
    secConditions: 'Conditions',
    hAuthorizingParty: 'The first transferring Party: a three-letter ISO 3166-1 code, for example {example}.',
    hAuthorizingBody: 'The signing authority.',
    hAuthorizationId: 'Letters, digits, spaces and hyphens, for example {example}.',
    hVersion: 'A whole number, 1 or more.',
    hSupersedes: 'Only when this authorization replaces an earlier version.',
    hApproachId: 'CA followed by four digits, for example {example}.',
    hPartyCodes: 'Three-letter codes separated by commas, for example {example}.',
    hMethodologies: 'One methodology per line.',
    hQuantity: 'A whole number in units of the metric, for example {example}. Every digit is kept exactly.',
    hForExample: 'For example {example}.',
    hNonGhg: 'Only when the metric is non-GHG, for example megawatt hours of renewable electricity.',
    hAllThatApply: 'Select all that apply.',
    hPurposes: 'NDC: use towards a nationally determined contribution. OIMP: other international mitigation purposes.',
    hOimp: 'Only when the purposes include OIMP, IMP or OP, for example {example}.',
    hOimpOnly: 'Only when the purposes include OIMP, IMP or OP.',
    hEntities: 'Add one entry for each entity the Party authorizes.',
    hYears: 'Years from {from}, for example {example}.',
    hCarp: 'Filled in by the UNFCCC platform (CARP): leave it empty.',
    hCountry: 'A three-letter ISO 3166-1 code, for example {example}.',
    hIdNumber: 'In the country of incorporation.',
    oNotStated: 'Not stated',
    oNone: 'None',
    oMetric: 'Choose a metric',
    oPurposes: 'Choose the purposes',
    oNotApplicable: 'Not applicable',
    entity: 'Entity {n}',
    addEntity: 'Add an authorized entity',
    removeEntity: 'Remove entity {n}',
    entityAdded: 'Entity {n} added.',
    entityRemoved: 'Entity {n} removed.',
  },
  fr: {
    optional: '{label} (facultatif)',
    secAuthorization: 'L’autorisation',
    secApproach: 'La démarche concertée',
    secWhat: 'Ce qui est autorisé',
    secWho: 'Qui est autorisé',
    secTimeframe: 'Période',
    secConditions: 'Conditions',
    hAuthorizingParty: 'La Partie procédant au premier transfert : code ISO 3166-1 à trois lettres, par exemple {example}.',
    hAuthorizingBody: 'L’autorité signataire.',
    hAuthorizationId: 'Lettres, chiffres, espaces et traits d’union, par exemple {example}.',
    hVersion: 'Un nombre entier, 1 ou plus.',
    hSupersedes: 'Seulement si cette autorisation remplace une version antérieure.',
    hApproachId: 'CA suivi de quatre chiffres, par exemple {example}.',
    hPartyCodes: 'Codes à trois lettres séparés par des virgules, par exemple {example}.',
    hMethodologies: 'Une méthodologie par ligne.',
    hQuantity: 'Un nombre entier dans l’unité de l’indicateur, par exemple {example}. Chaque chiffre est conservé exactement.',
    hForExample: 'Par exemple {example}.',
    hNonGhg: 'Seulement si l’indicateur est non-GHG, par exemple des mégawattheures d’électricité renouvelable.',
    hAllThatApply: 'Cochez toutes les réponses applicables.',
    hPurposes: 'NDC : utilisation aux fins d’une contribution déterminée au niveau national (CDN). OIMP : autres fins d’atténuation internationale.',
    hOimp: 'Seulement si les fins comprennent OIMP, IMP ou OP, par exemple {example}.',
    hOimpOnly: 'Seulement si les fins comprennent OIMP, IMP ou OP.',
    hEntities: 'Ajoutez une entrée pour chaque entité autorisée par la Partie.',
    hYears: 'Années à partir de {from}, par exemple {example}.',
    hCarp: 'Rempli par la plateforme de la CCNUCC (CARP) : laissez ce champ vide.',
    hCountry: 'Code ISO 3166-1 à trois lettres, par exemple {example}.',
    hIdNumber: 'Dans le pays de constitution.',
    oNotStated: 'Non indiqué',
    oNone: 'Aucune',
    oMetric: 'Choisissez un indicateur',
    oPurposes: 'Choisissez les fins',
    oNotApplicable: 'Sans objet',
    entity: 'Entité {n}',
    addEntity: 'Ajouter une entité autorisée',
    removeEntity: 'Supprimer l’entité {n}',
    entityAdded: 'Entité {n} ajoutée.',
    entityRemoved: 'Entité {n} supprimée.',
  },
  es: {
    optional: '{label} (opcional)',
    secAuthorization: 'La autorización',
    secApproach: 'El enfoque cooperativo',
    secWhat: 'Qué se autoriza',
    secWho: 'Quién está autorizado',
    secTimeframe: 'Período',
    secConditions: 'Condiciones',
    hAuthorizingParty: 'La Parte que realiza la primera transferencia: código ISO 3166-1 de tres letras, por ejemplo {example}.',
    hAuthorizingBody: 'La autoridad firmante.',
    hAuthorizationId: 'Letras, cifras, espacios y guiones, por ejemplo {example}.',
    hVersion: 'Un número entero, 1 o más.',
    hSupersedes: 'Solo si esta autorización sustituye a una versión anterior.',
    hApproachId: 'CA seguido de cuatro cifras, por ejemplo {example}.',
    hPartyCodes: 'Códigos de tres letras separados por comas, por ejemplo {example}.',
    hMethodologies: 'Una metodología por línea.',
    hQuantity: 'Un número entero en unidades de la métrica, por ejemplo {example}. Se conservan todas las cifras exactamente.',
    hForExample: 'Por ejemplo {example}.',
    hNonGhg: 'Solo si la métrica es non-GHG, por ejemplo megavatios hora de electricidad renovable.',
    hAllThatApply: 'Seleccione todas las opciones que correspondan.',
    hPurposes: 'NDC: uso para una contribución determinada a nivel nacional (CDN). OIMP: otros fines de mitigación internacional.',
    hOimp: 'Solo si los fines incluyen OIMP, IMP u OP, por ejemplo {example}.',
    hOimpOnly: 'Solo si los fines incluyen OIMP, IMP u OP.',
    hEntities: 'Añada una entrada por cada entidad que autorice la Parte.',
    hYears: 'Años a partir de {from}, por ejemplo {example}.',
    hCarp: 'Lo completa la plataforma de la CMNUCC (CARP): déjelo vacío.',
    hCountry: 'Código ISO 3166-1 de tres letras, por ejemplo {example}.',
    hIdNumber: 'En el país de constitución.',
    oNotStated: 'No indicado',
    oNone: 'Ninguna',
    oMetric: 'Elija una métrica',
    oPurposes: 'Elija los fines',
    oNotApplicable: 'No procede',
    entity: 'Entidad {n}',
    addEntity: 'Añadir una entidad autorizada',
    removeEntity: 'Eliminar la entidad {n}',
    entityAdded: 'Entidad {n} añadida.',
    entityRemoved: 'Entidad {n} eliminada.',
  },
  ar: {
    optional: '{label} (اختياري)',
    secAuthorization: 'الإذن',
    secApproach: 'النهج التعاوني',
    secWhat: 'ما هو مأذون به',
    secWho: 'مَن هو مأذون له',
    secTimeframe: 'الإطار الزمني',
    secConditions: 'الشروط',
    hAuthorizingParty: 'الطرف القائم بالنقل الأول: رمز من ثلاثة أحرف وفق المعيار ISO 3166-1، مثل {example}.',
    hAuthorizingBody: 'السلطة الموقِّعة.',
    hAuthorizationId: 'أحرف وأرقام ومسافات وشرطات، مثل {example}.',
    hVersion: 'عدد صحيح، 1 أو أكثر.',
    hSupersedes: 'فقط إذا كان هذا الإذن يحل محل نسخة سابقة.',
    hApproachId: 'الحرفان CA متبوعان بأربعة أرقام، مثل {example}.',
    hPartyCodes: 'رموز من ثلاثة أحرف تفصل بينها فواصل، مثل {example}.',
    hMethodologies: 'منهجية واحدة في كل سطر.',
    hQuantity: 'عدد صحيح بوحدات المقياس، مثل {example}. يُحتفظ بكل رقم كما هو.',
    hForExample: 'مثل {example}.',
    hNonGhg: 'فقط إذا كان المقياس non-GHG، مثل الميغاواط ساعة من الكهرباء المتجددة.',
    hAllThatApply: 'اختر كل ما ينطبق.',
    hPurposes: 'NDC: الاستخدام لأغراض المساهمة المحددة وطنياً. OIMP: أغراض التخفيف الدولية الأخرى.',
    hOimp: 'فقط إذا كانت الأغراض تشمل OIMP أو IMP أو OP، مثل {example}.',
    hOimpOnly: 'فقط إذا كانت الأغراض تشمل OIMP أو IMP أو OP.',
    hEntities: 'أضف إدخالاً لكل كيان يأذن له الطرف.',
    hYears: 'سنوات ابتداءً من {from}، مثل {example}.',
    hCarp: 'تملؤه منصة الاتفاقية الإطارية (CARP): اتركه فارغاً.',
    hCountry: 'رمز من ثلاثة أحرف وفق المعيار ISO 3166-1، مثل {example}.',
    hIdNumber: 'في بلد التأسيس.',
    oNotStated: 'غير محدد',
    oNone: 'لا يوجد',
    oMetric: 'اختر مقياساً',
    oPurposes: 'اختر الأغراض',
    oNotApplicable: 'لا ينطبق',
    entity: 'الكيان {n}',
    addEntity: 'إضافة كيان مأذون له',
    removeEntity: 'حذف الكيان {n}',
    entityAdded: 'أُضيف الكيان {n}.',
    entityRemoved: 'حُذف الكيان {n}.',
  },
  ru: {
    optional: '{label} (необязательно)',
    secAuthorization: 'Санкционирование',
    secApproach: 'Совместный подход',
    secWhat: 'Что санкционируется',
    secWho: 'Кто уполномочен',
    secTimeframe: 'Сроки',
    secConditions: 'Условия',
    hAuthorizingParty: 'Сторона, осуществляющая первую передачу: трехбуквенный код ISO 3166-1, например {example}.',
    hAuthorizingBody: 'Орган, подписавший документ.',
    hAuthorizationId: 'Буквы, цифры, пробелы и дефисы, например {example}.',
    hVersion: 'Целое число, 1 или больше.',
    hSupersedes: 'Только если это санкционирование заменяет более раннюю версию.',
    hApproachId: 'CA и четыре цифры, например {example}.',
    hPartyCodes: 'Трехбуквенные коды через запятую, например {example}.',
    hMethodologies: 'Одна методология в строке.',
    hQuantity: 'Целое число в единицах показателя, например {example}. Все цифры сохраняются в точности.',
    hForExample: 'Например, {example}.',
    hNonGhg: 'Только если показатель non-GHG, например мегаватт-часы электроэнергии из возобновляемых источников.',
    hAllThatApply: 'Выберите все подходящие варианты.',
    hPurposes: 'NDC: использование в счет определяемого на национальном уровне вклада (ОНУВ). OIMP: другие международные цели предотвращения изменения климата.',
    hOimp: 'Только если цели включают OIMP, IMP или OP, например {example}.',
    hOimpOnly: 'Только если цели включают OIMP, IMP или OP.',
    hEntities: 'Добавьте запись для каждого субъекта, уполномоченного Стороной.',
    hYears: 'Годы начиная с {from}, например {example}.',
    hCarp: 'Заполняется платформой РКИК ООН (CARP): оставьте пустым.',
    hCountry: 'Трехбуквенный код ISO 3166-1, например {example}.',
    hIdNumber: 'В стране регистрации.',
    oNotStated: 'Не указано',
    oNone: 'Нет',
    oMetric: 'Выберите показатель',
    oPurposes: 'Выберите цели',
    oNotApplicable: 'Не применяется',
    entity: 'Субъект {n}',
    addEntity: 'Добавить уполномоченный субъект',
    removeEntity: 'Удалить субъект {n}',
    entityAdded: 'Субъект {n} добавлен.',
    entityRemoved: 'Субъект {n} удален.',
  },
  zh: {
    optional: '{label}（可选）',
    secAuthorization: '授权',
    secApproach: '合作方法',
    secWhat: '授权内容',
    secWho: '获授权方',
    secTimeframe: '时限',
    secConditions: '条件',
    hAuthorizingParty: '首次转让缔约方：ISO 3166-1 三字母代码，例如 {example}。',
    hAuthorizingBody: '签署机关。',
    hAuthorizationId: '字母、数字、空格和连字符，例如 {example}。',
    hVersion: '整数，1 或以上。',
    hSupersedes: '仅当此授权取代先前版本时填写。',
    hApproachId: 'CA 后接四位数字，例如 {example}。',
    hPartyCodes: '以逗号分隔的三字母代码，例如 {example}。',
    hMethodologies: '每行一种方法学。',
    hQuantity: '以计量指标为单位的整数，例如 {example}。每一位数字都按原样保留。',
    hForExample: '例如 {example}。',
    hNonGhg: '仅当计量指标为 non-GHG 时填写，例如可再生电力的兆瓦时数。',
    hAllThatApply: '选择所有适用项。',
    hPurposes: 'NDC：用于国家自主贡献。OIMP：其他国际减缓目的。',
    hOimp: '仅当目的包括 OIMP、IMP 或 OP 时填写，例如 {example}。',
    hOimpOnly: '仅当目的包括 OIMP、IMP 或 OP 时填写。',
    hEntities: '为缔约方授权的每个实体添加一个条目。',
    hYears: '{from} 年及以后的年份，例如 {example}。',
    hCarp: '由《联合国气候变化框架公约》平台（CARP）填写：请留空。',
    hCountry: 'ISO 3166-1 三字母代码，例如 {example}。',
    hIdNumber: '在注册国的编号。',
    oNotStated: '未说明',
    oNone: '无',
    oMetric: '选择计量指标',
    oPurposes: '选择目的',
    oNotApplicable: '不适用',
    entity: '实体 {n}',
    addEntity: '添加获授权实体',
    removeEntity: '删除实体 {n}',
    entityAdded: '已添加实体 {n}。',
    entityRemoved: '已删除实体 {n}。',
  },
};

let formLang = 'en';

const words = () => FORM_WORDS[formLang] ?? FORM_WORDS[formLang.split('-')[0]] ?? FORM_WORDS.en;

/** The form's text for `key`, placeholders filled with strings or nodes; returns nodes. */
export function ft(key, vars = {}) {
  const template = words()[key] ?? FORM_WORDS.en[key] ?? key;
  return template.split(/(\{\w+\})/).flatMap((part) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (!name || !(name in vars)) return part ? [part] : [];
    const value = vars[name];
    return [value instanceof Node ? value : String(value)];
  });
}

/** As ft(), as a plain string (for status messages). */
export const fts = (key, vars = {}) => ft(key, vars).map((p) => (typeof p === 'string' ? p : p.textContent)).join('');

const ltr = (text) => el('bdi', { dir: 'ltr' }, text);

// A pointer with each array index written `*`, as the catalogs key labels.
const pattern = (pointer) => pointer.replace(/\/\d+(?=\/|$)/g, '/*');

/** The pointer pattern a label or legend names, or undefined. */
function patternOf(node, root) {
  if (node.dataset.field) return `/authorizedEntities/*/${node.dataset.field}`;
  if (node.tagName === 'LABEL' && node.htmlFor) {
    const control = root.querySelector(`#${CSS.escape(node.htmlFor)}`);
    if (control?.dataset.path && control.dataset.kind !== 'set') return pattern(control.dataset.path);
    return undefined;
  }
  if (node.tagName === 'LEGEND') {
    const fieldset = node.parentElement;
    const set = fieldset.querySelector(':scope > .checkboxes[data-set]');
    if (set) return set.dataset.set;
    if (fieldset.id === 'f-authorizedEntities') return '/authorizedEntities';
    if (fieldset.id === 'f-mitigationActivity') return '/mitigationActivity';
  }
  return undefined;
}

/** Show `node`'s field label in the form's language, keeping "(optional)" where English has it. */
function labelNode(node, root, labels) {
  const path = patternOf(node, root);
  if (!path) return;
  node.dataset.en ??= node.textContent.trim();
  const english = node.dataset.en;
  const optional = english.endsWith(' (optional)');
  const base = formLang === 'en' ? english.replace(/ \(optional\)$/, '') : labels[path] ?? english.replace(/ \(optional\)$/, '');
  node.replaceChildren(...(optional ? ft('optional', { label: base }) : [base]));
  if (formLang !== 'en' && !(path in labels)) node.lang = 'en';
  else node.removeAttribute('lang');
}

/** Fill [data-f] elements: section legends, hints, placeholders, buttons. */
function wordsNode(node) {
  const vars = {};
  for (const [name, value] of Object.entries(node.dataset)) {
    if (name.startsWith('ex')) vars[name === 'ex' ? 'example' : name.slice(2).toLowerCase()] = ltr(value);
  }
  const number = node.querySelector('.entity-row__number');
  if (number) vars.n = number;
  node.replaceChildren(...ft(node.dataset.f, vars));
}

/**
 * Show the authorization form (and its entity-row template) in `lang`, with `labels` from
 * `checker.labels('authorization', lang)` ({} for English: the form's own English words).
 */
export function translateAuthorizationForm(form, lang, labels = {}) {
  formLang = lang;
  const template = form.ownerDocument.getElementById('entity-row-template');
  for (const root of [form, template?.content].filter(Boolean)) {
    for (const node of root.querySelectorAll('label, legend')) labelNode(node, form.ownerDocument, labels);
    for (const node of root.querySelectorAll('[data-f]')) wordsNode(node);
    // Code-list values keep their official English spelling, and say so.
    for (const node of root.querySelectorAll('select[data-codelist] option:not([data-f]), .checkboxes label')) {
      if (lang === 'en') node.removeAttribute('lang');
      else node.lang = 'en';
    }
  }
}
