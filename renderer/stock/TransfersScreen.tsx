// Stock → transfers: placeholder until the screen is built (issue 19).
export function TransfersScreen() {
  return <h1>transfers</h1>;
}

export function TransferScreen({ id }: { id: number | null }) {
  return <h1>transfers {id}</h1>;
}
