// The serial actions of one serialized line item on a ticket (Order for this ticket, Reserve a unit, Release), shown
// in the row of the ticket's line items. Placeholder until the reservations part lands.

export interface ChargeSerialActionsProps {
  ticketId: number;
  chargeId: number;
  productId: number;
  /** Units the charge has, and how many it needs. */
  serialIds: number[];
  unitsNeeded: number;
  /** Called after an order, reservation or release, so the ticket re-reads its charges. */
  onChanged?: () => void;
}

export function ChargeSerialActions(_props: ChargeSerialActionsProps) {
  return null;
}
