import { commands } from '../../ipc/bindings';
import type { ContactsBackend } from '../types';
import { unwrap } from './answer';

export const contactsAdapter: ContactsBackend = {
  listContacts: (group, text, offset, limit) => unwrap(commands.listContacts(group, text, offset, limit)),
  getContact: (id) => unwrap(commands.getContact(id)),
  addContact: (phone, name, notes) => unwrap(commands.addContact(phone, name, notes)),
  saveContact: (id, name, notes) => unwrap(commands.updateContact(id, name, notes)),
  recordOptIn: (id, source) => unwrap(commands.recordOptIn(id, source)),
  recordOptOut: (id, source) => unwrap(commands.recordOptOut(id, source)),
  setContactBlocked: (id, blocked) => unwrap(commands.setContactBlocked(id, blocked)),
  importContacts: () => unwrap(commands.importContacts()),
  exportContacts: () => unwrap(commands.exportContacts()),
};
