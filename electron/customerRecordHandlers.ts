// Customers: contacts (with custom fields), assets, Settings → Contacts' custom fields.
import {
  assetTypes,
  customerRecords,
  deleteContact,
  deleteCustomerAsset,
  listContactFields,
  saveContact,
  saveContactField,
  saveCustomerAsset,
} from '../db/services/customerRecords.ts';
import type { Handlers } from './handlers.ts';

type CustomerRecordHandlers = Pick<
  Handlers,
  | 'listContactFields'
  | 'saveContactField'
  | 'customerRecords'
  | 'saveContact'
  | 'deleteContact'
  | 'saveCustomerAsset'
  | 'deleteCustomerAsset'
  | 'assetTypes'
>;

export const customerRecordHandlers: CustomerRecordHandlers = {
  listContactFields: (ctx) => listContactFields(ctx),
  saveContactField: (ctx, input) => saveContactField(ctx, input),
  customerRecords: (ctx, { customerId }) => customerRecords(ctx, customerId),
  saveContact: (ctx, input) => saveContact(ctx, input),
  deleteContact: (ctx, { id }) => deleteContact(ctx, id),
  saveCustomerAsset: (ctx, input) => saveCustomerAsset(ctx, input),
  deleteCustomerAsset: (ctx, { id }) => deleteCustomerAsset(ctx, id),
  assetTypes: (ctx) => assetTypes(ctx),
};
