import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { installLayout, resetLayout } from './layout';

installLayout();
afterEach(resetLayout);
