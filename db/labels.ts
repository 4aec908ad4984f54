// Words shown for statuses, shared by the store's messages and the screens. Pure.
import type { PurchaseOrderStatus, SerialStatus } from './model.ts';

export const poStatusLabel: Record<PurchaseOrderStatus, string> = {
  draft: 'Draft', submitted: 'Submitted', partially_received: 'Partially received', received: 'Received', cancelled: 'Cancelled',
};

export const serialStatusLabel: Record<SerialStatus, string> = {
  in_stock: 'In stock', sold: 'Sold', reserved: 'Reserved', returned: 'Returned', rma: 'RMA', scrapped: 'Scrapped',
};
