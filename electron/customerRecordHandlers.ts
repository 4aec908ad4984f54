// Customers: contacts (with custom fields), assets, Settings → Contacts' custom fields.
import type { Handlers } from './handlers.ts';

type CustomerRecordHandlers = Pick<Handlers, never>;

export const customerRecordHandlers: CustomerRecordHandlers = {};
