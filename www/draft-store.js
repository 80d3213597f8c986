// Drafts on this computer: IndexedDB (database "a6check-drafts", store "drafts"), nothing
// sent anywhere. A draft is { id, name, updated (ISO time), answers }, `answers` being what
// the page puts in it (draft-panel.js). Which draft is open is remembered in the same
// database ("settings" store), so a closed tab comes back to it.
//
// Failures are typed for the page to explain: StorageUnavailable (no IndexedDB, private
// mode, blocked), StorageFull (QuotaExceededError) and a draft that does not have the
// shape above (DraftStore.isDraft) is reported by the caller as corrupted.

const DB = 'a6check-drafts';
const DRAFTS = 'drafts';
const SETTINGS = 'settings';

export class StorageUnavailable extends Error {}
export class StorageFull extends Error {}

const request = (req) => new Promise((resolve, reject) => {
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});

/** An IndexedDB error as one of ours: a full disk is StorageFull, anything else StorageUnavailable. */
function typed(error) {
  if (error instanceof StorageFull || error instanceof StorageUnavailable) return error;
  const message = error?.message || error?.name || String(error);
  return error?.name === 'QuotaExceededError' ? new StorageFull(message) : new StorageUnavailable(message);
}

export class DraftStore {
  /** Open (and on first use create) the database; throws StorageUnavailable. */
  static async open() {
    try {
      if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
      const open = indexedDB.open(DB, 1);
      open.onupgradeneeded = () => {
        open.result.createObjectStore(DRAFTS, { keyPath: 'id' });
        open.result.createObjectStore(SETTINGS);
      };
      open.onblocked = () => open.onerror?.();
      return new DraftStore(await request(open));
    } catch (error) {
      throw new StorageUnavailable(typed(error).message);
    }
  }

  constructor(db) {
    this.db = db;
  }

  /** Run `work(store)` in one transaction on `name`; resolves when the transaction has committed. */
  async #tx(name, mode, work) {
    try {
      const tx = this.db.transaction(name, mode);
      const result = work(tx.objectStore(name));
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('aborted'));
      });
      return result instanceof IDBRequest ? result.result : result;
    } catch (error) {
      throw typed(error);
    }
  }

  /** Every draft, the most recently changed first (corrupted ones included: see isDraft). */
  async list() {
    const all = await this.#tx(DRAFTS, 'readonly', (store) => store.getAll());
    return all.sort((a, b) => String(b?.updated).localeCompare(String(a?.updated)));
  }

  get(id) {
    return this.#tx(DRAFTS, 'readonly', (store) => store.get(id));
  }

  /** Save a draft (its `updated` set to now); throws StorageFull when the disk is full. */
  async put(draft) {
    const saved = { ...draft, updated: new Date().toISOString() };
    await this.#tx(DRAFTS, 'readwrite', (store) => store.put(saved));
    return saved;
  }

  delete(id) {
    return this.#tx(DRAFTS, 'readwrite', (store) => store.delete(id));
  }

  current() {
    return this.#tx(SETTINGS, 'readonly', (store) => store.get('current'));
  }

  setCurrent(id) {
    return this.#tx(SETTINGS, 'readwrite', (store) => store.put(id, 'current'));
  }

  /** Does `value` have a draft's shape (a corrupted record does not)? */
  static isDraft(value) {
    return value !== null && typeof value === 'object' && typeof value.id === 'string' && typeof value.name === 'string'
      && value.answers !== null && typeof value.answers === 'object' && !Array.isArray(value.answers);
  }

  /** A new, empty draft (not saved yet). */
  static fresh(name) {
    return { id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, name, updated: new Date().toISOString(), answers: {} };
  }
}
