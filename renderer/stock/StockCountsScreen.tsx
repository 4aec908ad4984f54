// Stock → stock counts: placeholder until the screen is built (issue 19).
export function StockCountsScreen() {
  return <h1>stock counts</h1>;
}

export function StockCountScreen({ id }: { id: number | null }) {
  return <h1>stock counts {id}</h1>;
}
