import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { useNav } from '../../renderer/stores/nav.ts';

afterEach(() => {
  cleanup();
  useNav.getState().reset();
});
