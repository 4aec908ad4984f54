import { serialStatusLabel } from '../../core/enums.ts';
import type { SerialRow } from '../../core/model.ts';

export const unitStatus = (u: Pick<SerialRow, 'status' | 'deleted'>): string =>
  u.deleted ? 'Deleted' : serialStatusLabel[u.status];
