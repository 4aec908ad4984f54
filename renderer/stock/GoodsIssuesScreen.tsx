// Stock → goods issues: placeholder until the screen is built (issue 19).
export function GoodsIssuesScreen() {
  return <h1>goods issues</h1>;
}

export function GoodsIssueScreen({ id }: { id: number | null }) {
  return <h1>goods issues {id}</h1>;
}
