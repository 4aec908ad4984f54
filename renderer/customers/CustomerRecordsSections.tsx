// The customer page's Contacts and Assets sections, read together (customerRecords): what recurring counter lines
// count for this customer.
import { useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { AssetsSection } from './AssetsSection.tsx';
import { ContactsSection } from './ContactsSection.tsx';

export function CustomerRecordsSections({ customerId }: { customerId: number }) {
  const records = useApiQuery('customerRecords', { customerId });
  return (
    <>
      <QueryError state={records} />
      {records.data && <ContactsSection records={records.data} />}
      {records.data && <AssetsSection records={records.data} />}
    </>
  );
}
