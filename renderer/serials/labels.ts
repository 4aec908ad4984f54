import type { SerialRow, SerialStatus } from '../../db/model.ts';

export const serialStatusLabel: Record<SerialStatus, string> = {
  in_stock: 'In stock', sold: 'Sold', reserved: 'Reserved', returned: 'Returned', rma: 'RMA', scrapped: 'Scrapped',
};

export const unitStatus = (u: Pick<SerialRow, 'status' | 'deleted'>): string => (u.deleted ? 'Deleted' : serialStatusLabel[u.status]);
