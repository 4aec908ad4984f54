import { serialStatusLabel } from '../../db/labels.ts';
import type { SerialRow } from '../../db/model.ts';

export const unitStatus = (u: Pick<SerialRow, 'status' | 'deleted'>): string => (u.deleted ? 'Deleted' : serialStatusLabel[u.status]);
