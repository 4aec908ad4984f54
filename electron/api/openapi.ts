// The OpenAPI 3.1 document of the local REST API (GET /api/v1/openapi.json), generated from the zod schemas the router
// validates with (schemas.ts): one source, so the document cannot drift from what the API accepts.
import { z } from 'zod';
import {
  customerList,
  emailEnvelope,
  emailInput,
  errorOutput,
  invoiceCreateInput,
  invoiceEnvelope,
  invoiceList,
  invoiceListQuery,
  invoiceUpdateInput,
  lineItemEnvelope,
  lineItemInput,
  paymentEnvelope,
  paymentInput,
  productList,
  searchQuery,
  serialEnvelope,
  serialQuery,
} from './schemas.ts';

type Json = Record<string, unknown>;

/** A schema as JSON Schema 2020-12 (OpenAPI 3.1's own dialect), without its $schema line. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  void _drop;
  return rest;
}

const COMPONENTS = {
  InvoiceCreate: [invoiceCreateInput, 'input'],
  InvoiceUpdate: [invoiceUpdateInput, 'input'],
  LineItemCreate: [lineItemInput, 'input'],
  PaymentCreate: [paymentInput, 'input'],
  InvoiceEmail: [emailInput, 'input'],
  InvoiceList: [invoiceList, 'output'],
  InvoiceEnvelope: [invoiceEnvelope, 'output'],
  LineItemEnvelope: [lineItemEnvelope, 'output'],
  PaymentEnvelope: [paymentEnvelope, 'output'],
  EmailEnvelope: [emailEnvelope, 'output'],
  CustomerList: [customerList, 'output'],
  ProductList: [productList, 'output'],
  SerialEnvelope: [serialEnvelope, 'output'],
  Error: [errorOutput, 'output'],
} as const satisfies Record<string, readonly [z.ZodType, 'input' | 'output']>;
type Component = keyof typeof COMPONENTS;

const ref = (name: Component) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: Component) => ({ content: { 'application/json': { schema: ref(name) } } });
const error = (description: string) => ({ description, ...json('Error') });

/** The query parameters of an object schema of strings. */
function queryParameters(schema: z.ZodObject): Json[] {
  const shape = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(shape.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: 'query',
      required: shape.required?.includes(name) ?? false,
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The invoice’s id.',
  schema: { type: 'integer', minimum: 1 },
};
const COMMON_ERRORS = {
  '400': error('Invalid parameters: malformed JSON or a bad query parameter.'),
  '401': error('Unauthorized: no API key, or a wrong or revoked one.'),
  '429': error(
    'Rate limited: more than 10 calls a second (bursts of 20) with one key, or without a valid key from one address.',
  ),
};
const INVOICE_ERRORS = { ...COMMON_ERRORS, '404': error('Invoice not found.') };
const VALIDATION = { '422': error('Validation failed (errors says why: the app’s own rules).') };

let cached: Json | null = null;

export function openApiDocument(): Json {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'Counter POS local REST API',
      version: '1.0.0',
      description:
        'Invoices, payments, customers, products and serial numbers of this shop, in the shape of the Syncro invoice ' +
        'API. Every call (but this document) needs Authorization: Bearer <API key> from Settings → API. Amounts are ' +
        'decimal numbers in the shop’s currency.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (cpos_…).' } },
      schemas: Object.fromEntries(
        Object.entries(COMPONENTS).map(([name, [schema, io]]) => [name, jsonSchema(schema, io)]),
      ),
    },
    paths: {
      '/invoices': {
        get: {
          summary: 'List invoices, 25 a page (meta gives the total pages)',
          parameters: queryParameters(invoiceListQuery),
          responses: { '200': { description: 'A page of invoices.', ...json('InvoiceList') }, ...COMMON_ERRORS },
        },
        post: {
          summary: 'Create a Draft invoice',
          requestBody: { required: true, ...json('InvoiceCreate') },
          responses: {
            '201': { description: 'The new Draft.', ...json('InvoiceEnvelope') },
            ...COMMON_ERRORS,
            ...VALIDATION,
          },
        },
      },
      '/invoices/{id}': {
        parameters: [idParameter],
        get: {
          summary: 'An invoice: header, line_items with serial_numbers, payments and customer',
          responses: { '200': { description: 'The invoice.', ...json('InvoiceEnvelope') }, ...INVOICE_ERRORS },
        },
        put: {
          summary: 'Change notes, due_date or terms, or the status (void, sent, viewed)',
          requestBody: { required: true, ...json('InvoiceUpdate') },
          responses: {
            '200': { description: 'The invoice as changed.', ...json('InvoiceEnvelope') },
            ...INVOICE_ERRORS,
            ...VALIDATION,
          },
        },
      },
      '/invoices/{id}/line_items': {
        parameters: [idParameter],
        post: {
          summary: 'Add a line item',
          requestBody: { required: true, ...json('LineItemCreate') },
          responses: {
            '201': { description: 'The new line and the invoice.', ...json('LineItemEnvelope') },
            ...INVOICE_ERRORS,
            ...VALIDATION,
          },
        },
      },
      '/invoices/{id}/payments': {
        parameters: [idParameter],
        post: {
          summary: 'Take a payment (at most the balance)',
          description:
            'A Draft (what POST /invoices makes) is finalised first, as `PUT {"status": "sent"}` would: its serial ' +
            'numbers become Sold. Both happen in one transaction: a refused payment leaves the Draft a Draft. A ' +
            'payment on a paid invoice is refused with "Payment exceeds balance".',
          requestBody: { required: true, ...json('PaymentCreate') },
          responses: {
            '201': { description: 'The payment and the invoice.', ...json('PaymentEnvelope') },
            ...INVOICE_ERRORS,
            ...VALIDATION,
          },
        },
      },
      '/invoices/{id}/email': {
        parameters: [idParameter],
        post: {
          summary: 'E-mail the invoice’s PDF (a Draft becomes Sent)',
          requestBody: { required: false, ...json('InvoiceEmail') },
          responses: {
            '200': { description: 'Sent.', ...json('EmailEnvelope') },
            '202': {
              description: 'Kept in the outbox: the mail server could not take it now.',
              ...json('EmailEnvelope'),
            },
            ...INVOICE_ERRORS,
            ...VALIDATION,
          },
        },
      },
      '/invoices/{id}/pdf': {
        parameters: [idParameter],
        get: {
          summary: 'The invoice as a PDF',
          responses: {
            '200': {
              description: 'The PDF.',
              content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } },
            },
            ...INVOICE_ERRORS,
          },
        },
      },
      '/customers': {
        get: {
          summary: 'Customers whose name, e-mail or phone has the query (100 at most)',
          parameters: queryParameters(searchQuery.omit({ page: true })),
          responses: { '200': { description: 'Customers.', ...json('CustomerList') }, ...COMMON_ERRORS },
        },
      },
      '/products': {
        get: {
          summary: 'Products whose name, SKU or barcode has the query, 25 a page',
          parameters: queryParameters(searchQuery),
          responses: { '200': { description: 'Products.', ...json('ProductList') }, ...COMMON_ERRORS },
        },
      },
      '/serials/{serial}': {
        parameters: [
          { name: 'serial', in: 'path', required: true, description: 'The serial number.', schema: { type: 'string' } },
          ...queryParameters(serialQuery),
        ],
        get: {
          summary: 'A unit by its serial number: its status and its history',
          responses: {
            '200': { description: 'The unit and its history.', ...json('SerialEnvelope') },
            ...COMMON_ERRORS,
            '404': error('Not found: no unit has this serial.'),
            ...VALIDATION,
          },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document (no key needed)',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1.', content: { 'application/json': {} } } },
        },
      },
    },
  };
  return cached;
}
