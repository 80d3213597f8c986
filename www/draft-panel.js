// "Drafts on this computer" (index.html): every answer typed on the page is saved as it
// changes (draft-store.js, IndexedDB) and shown again on reload, after a crash or a closed
// tab. Several named drafts; "Start again" clears the open one and "Delete this draft" removes
// it, both after confirmation. When the storage is full, unavailable or a draft is corrupted,
// the page says so and keeps working with what is on the screen.
//
// The answers saved: the authorization form as typed (documentFromForm raw) and the "Paste
// JSON" box. Settings (the form chosen, the strictness, rules) are not answers: they stay.
// The page tells the panel about changes it makes itself (an example loaded, a file read)
// with `changed()`.

import { DraftStore, StorageFull } from './draft-store.js';
import { documentFromForm, fillForm } from './authorization-form.js';
import { iso } from './bidi.js';
import { currentLang, t } from './i18n.js';
import { say, unsay } from './say.js';

const SAVE_DELAY_MS = 300;
const $ = (id) => document.getElementById(id);

const clock = (iso8601) => () => new Intl.DateTimeFormat(currentLang(), { hour: '2-digit', minute: '2-digit', second: '2-digit' })
  .format(new Date(iso8601));
const quoted = (name) => iso(`“${name}”`);

/**
 * Start the panel. `page` connects it to the page: { form (the authorization form), json
 * (the textarea), cleared() (the page forgets results and uploads) }.
 * Resolves once the open draft (if any) is back on the screen.
 */
export async function startDrafts(page) {
  const ui = {
    panel: $('drafts'), picker: $('draft-picker'), name: $('draft-name'), status: $('draft-status'),
    error: $('draft-error'), startAgain: $('draft-start-again'), confirm: $('draft-confirm'),
    yes: $('draft-confirm-yes'), no: $('draft-confirm-no'), question: $('draft-confirm-question'), add: $('draft-new'),
    remove: $('draft-delete'),
  };
  let store = null;
  let current = null; // the open draft, or null until the first answer
  let drafts = []; // readable drafts, for the picker
  let timer = null;
  let pending = false; // a change not saved yet
  let saving = Promise.resolve();

  const problem = (key, vars) => {
    say(ui.error, key, vars);
    ui.error.hidden = false;
  };
  const noProblem = () => {
    ui.error.hidden = true;
    unsay(ui.error);
  };

  const answers = () => ({ doc: documentFromForm(page.form, { raw: true }), json: page.json.value });

  function show({ doc = {}, json = '' }) {
    fillForm(page.form, doc);
    page.json.value = typeof json === 'string' ? json : '';
  }

  function fillPicker() {
    ui.picker.replaceChildren(...drafts.map((d) => new Option(d.name, d.id)));
    if (current && !drafts.some((d) => d.id === current.id)) ui.picker.prepend(new Option(current.name, current.id));
    ui.picker.value = current?.id ?? '';
    ui.picker.disabled = ui.picker.options.length < 2;
    ui.name.value = current?.name ?? '';
  }

  async function save() {
    if (!store) return;
    const isNew = current === null;
    const draft = current ?? DraftStore.fresh(t('draftDefault', { n: drafts.length + 1 }));
    const next = { ...draft, name: ui.name.value.trim() || draft.name, answers: answers() };
    try {
      current = await store.put(next);
      if (isNew) await store.setCurrent(current.id);
      drafts = [current, ...drafts.filter((d) => d.id !== current.id)];
      fillPicker();
      noProblem();
      say(ui.status, 'draftSaved', { time: clock(current.updated) });
    } catch (error) {
      current = next; // kept in memory: the next change tries again
      if (error instanceof StorageFull) problem('draftFull');
      else problem('draftUnavailable', { message: iso(error.message) });
    }
  }

  // data-pending on the panel: a change is waiting to be saved (for tests and styles).
  const setPending = (on) => {
    pending = on;
    if (on) ui.panel.dataset.pending = 'true';
    else delete ui.panel.dataset.pending;
  };

  /** Save now (a pending change, before another draft is shown or the page goes away). */
  function flush() {
    clearTimeout(timer);
    if (!pending) return saving;
    pending = false;
    saving = saving.then(save).then(() => {
      if (!pending) setPending(false);
    });
    return saving;
  }

  function changed() {
    if (!store) return;
    setPending(true);
    clearTimeout(timer);
    timer = setTimeout(flush, SAVE_DELAY_MS);
  }

  async function open(id) {
    let draft;
    try {
      draft = await store.get(id);
    } catch (error) {
      problem('draftUnavailable', { message: iso(error.message) });
      return;
    }
    if (!DraftStore.isDraft(draft)) {
      problem('draftCorrupt', { name: quoted(typeof draft?.name === 'string' ? draft.name : String(id)) });
      return;
    }
    current = draft;
    try {
      show(draft.answers);
    } catch {
      current = null;
      problem('draftCorrupt', { name: quoted(draft.name) });
      return;
    }
    noProblem();
    fillPicker();
    say(ui.status, 'draftRestored', { name: quoted(draft.name), time: clock(draft.updated) });
    store.setCurrent(draft.id).catch(() => {});
  }

  // ---- wiring ----
  for (const target of [page.form, page.json]) {
    target.addEventListener('input', changed);
    target.addEventListener('change', changed);
  }
  // Entity rows added or removed: no input event, but the answers changed.
  page.form.addEventListener('click', (event) => {
    if (event.target.closest('#add-entity, .entity-row__remove')) changed();
  });
  ui.name.addEventListener('input', changed);
  ui.picker.addEventListener('change', async () => {
    const id = ui.picker.value;
    await flush();
    await open(id);
  });
  ui.add.addEventListener('click', async () => {
    setPending(true); // the open draft as it is now, then the new one
    await flush();
    current = null;
    show({});
    page.cleared();
    ui.name.value = t('draftDefault', { n: drafts.length + 1 });
    setPending(true);
    await flush();
    ui.name.focus();
    ui.name.select();
  });
  /** The open draft's name, or the one it will get when first saved. */
  const openName = () => current?.name ?? (ui.name.value.trim() || t('draftDefault', { n: drafts.length + 1 }));

  // "Start again" and "Delete this draft" ask first, in the same box: `asking` is what "Yes" does.
  let asking = null;
  function ask(button, question, yes, action) {
    asking = { button, action };
    say(ui.question, question, { name: quoted(openName()) });
    say(ui.yes, yes);
    ui.confirm.hidden = false;
    ui.question.focus();
  }
  ui.startAgain.addEventListener('click', () => ask(ui.startAgain, 'draftConfirm', 'draftConfirmYes', startAgain));
  ui.remove.addEventListener('click', () => ask(ui.remove, 'draftDeleteConfirm', 'draftDeleteYes', removeDraft));
  ui.no.addEventListener('click', () => {
    ui.confirm.hidden = true;
    asking?.button.focus();
  });
  ui.yes.addEventListener('click', async () => {
    clearTimeout(timer);
    setPending(false);
    await saving;
    ui.confirm.hidden = true;
    const name = openName();
    await asking.action(name);
    asking.button.focus();
  });

  async function startAgain(name) {
    show({});
    page.cleared();
    setPending(true);
    await flush();
    say(ui.status, 'draftCleared', { name: quoted(name) });
  }

  /** Delete the open draft; the latest other one (if any) is shown. */
  async function removeDraft(name) {
    try {
      if (current) await store.delete(current.id);
    } catch (error) {
      problem('draftUnavailable', { message: iso(error.message) });
      return;
    }
    drafts = drafts.filter((d) => d.id !== current?.id);
    current = null;
    show({});
    page.cleared();
    if (drafts.length) await open(drafts[0].id);
    else fillPicker();
    say(ui.status, 'draftDeleted', { name: quoted(name) });
  }

  // Closing or hiding the tab: whatever is pending is written now.
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });

  // ---- start: the open draft, else the latest, else nothing until the first answer ----
  try {
    store = await DraftStore.open();
  } catch (error) {
    problem('draftUnavailable', { message: iso(error.message) });
    for (const control of [ui.picker, ui.name, ui.add, ui.remove]) control.disabled = true;
    ui.panel.dataset.drafts = 'unavailable';
    return { changed: () => {}, flush: () => Promise.resolve() };
  }
  try {
    drafts = (await store.list()).filter(DraftStore.isDraft);
    const id = (await store.current()) ?? drafts[0]?.id;
    fillPicker();
    if (id !== undefined) await open(id);
    else say(ui.status, 'draftNone');
  } catch (error) {
    problem('draftUnavailable', { message: iso(error.message) });
  }
  ui.panel.dataset.drafts = 'ready';
  return { changed, flush };
}
