import { skipWithoutPostgres } from './pg.ts';

// Every test of the PostgreSQL project is skipped, with the reason, when no server could be started.
skipWithoutPostgres();
