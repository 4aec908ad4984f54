import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { clientForPage } from './api/client.ts';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const api = clientForPage();
root.render(
  api ? <App api={api} /> : (
    <main className="no-token">
      <h1>Counter POS</h1>
      <p role="alert">This page needs the link printed by <code>npm run web</code> (it carries a one-time access token). Open that link.</p>
    </main>
  ),
);
