import { act, fireEvent, render, screen } from '@testing-library/react';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n, LANGUAGE_STORAGE_KEY } from '../i18n';
import { useLanguage } from '../i18n/useLanguage';
import { formatNumber } from '../lib/format/format';
import { LanguageSwitcher } from './LanguageSwitcher';
import { StateBadge } from '../components/StateBadge';

function Probe() {
  const language = useLanguage();
  return <output data-testid="probe">{formatNumber(1234.5, language, 1)}</output>;
}

beforeAll(() => {
  initI18n();
});

describe('language', () => {
  it('is Vietnamese by default', () => {
    render(<StateBadge state="offline" />);
    expect(i18next.language).toBe('vi');
    expect(document.documentElement.lang).toBe('vi');
    expect(screen.getByText('Mất tín hiệu')).toBeTruthy();
  });

  it('switches to English, re-formats numbers and remembers the choice', async () => {
    render(
      <>
        <LanguageSwitcher />
        <StateBadge state="offline" />
        <Probe />
      </>,
    );
    expect(screen.getByTestId('probe').textContent).toBe('1.234,5');
    expect(screen.getByTestId('language-vi').getAttribute('aria-pressed')).toBe('true');

    await act(async () => {
      fireEvent.click(screen.getByTestId('language-en'));
    });
    expect(screen.getByTestId('probe').textContent).toBe('1,234.5');
    expect(screen.getByText('Offline')).toBeTruthy();
    expect(screen.getByTestId('language-en').getAttribute('aria-pressed')).toBe('true');
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');

    await act(async () => {
      await i18next.changeLanguage('vi');
    });
  });
});
