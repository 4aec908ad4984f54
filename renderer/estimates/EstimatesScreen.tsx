// Service work → Estimates: the list, and one estimate (EST-000001). Placeholder until the estimates screens land.

export function EstimatesScreen() {
  return (
    <section aria-labelledby="estimates-title">
      <h1 id="estimates-title">Estimates</h1>
    </section>
  );
}

export function EstimateScreen({ id }: { id: number | null }) {
  return (
    <section aria-labelledby="estimate-title">
      <h1 id="estimate-title">{id === null ? 'New estimate' : 'Estimate'}</h1>
    </section>
  );
}
