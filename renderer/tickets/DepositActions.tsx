// A ticket's deposit actions (Take deposit, Refund deposit), shown in the ticket's Actions. Placeholder until the
// deposits part lands: the ticket screen renders it and passes the ticket.

export interface DepositActionsProps {
  ticketId: number;
  /** Called after a deposit is taken or refunded, so the ticket re-reads its charges. */
  onChanged?: () => void;
}

export function DepositActions(_props: DepositActionsProps) {
  return null;
}
