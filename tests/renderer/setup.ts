import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { useNav } from '../../renderer/stores/nav.ts';
import { useServerLost } from '../../renderer/api/serverLost.ts';

afterEach(() => {
  cleanup();
  useNav.getState().reset();
  useServerLost.setState({ lost: false }); // a lost-server banner never carries over to the next test
});
