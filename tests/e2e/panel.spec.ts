import { expect, requestsLeavingTheExtension, test } from './fixtures';

test.use({ viewport: { width: 400, height: 860 } });

test('typing finds cards on every keystroke; keyboard opens a card and follows a follow-up', async ({
  openPanelPage,
  requests,
  extensionId,
}) => {
  const panel = await openPanelPage();
  const box = panel.getByRole('combobox', { name: 'Search asyncio cards' });
  await expect(box).toBeFocused();
  await expect(panel.getByRole('list', { name: 'Example questions' })).toBeVisible();

  // A misspelling, typed key by key: results appear while typing.
  await box.pressSequentially('semaphre', { delay: 20 });
  const options = panel.getByRole('option');
  await expect(options.first()).toHaveAttribute('data-concept', 'semaphore');

  await box.fill('');
  await box.pressSequentially('gather vs wait');
  await expect(options.first()).toHaveAttribute('data-concept', /gather/);
  const secondTitle = await options.nth(1).getAttribute('data-card-id');
  await box.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await box.press('ArrowUp');
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await box.press('ArrowDown');
  await box.press('Enter');
  const article = panel.locator('article');
  await expect(article).toHaveAttribute('data-card-id', secondTitle!);
  await expect(panel.getByTestId('card-answer')).not.toBeEmpty();

  // Follow the first follow-up question to the card it links to, then come back with Esc.
  const followUp = panel.locator('[data-follow-up]').first();
  const target = await followUp.getAttribute('data-follow-up');
  await followUp.click();
  await expect(article).toHaveAttribute('data-card-id', target!);
  await panel.keyboard.press('Escape');
  await expect(article).toHaveAttribute('data-card-id', secondTitle!);
  await panel.keyboard.press('Escape');
  await expect(options.first()).toBeVisible();

  // "/" focuses the search box from anywhere.
  await panel.locator('main').click({ position: { x: 5, y: 5 } });
  await expect(box).not.toBeFocused();
  await panel.keyboard.press('/');
  await expect(box).toBeFocused();

  // Text that has nothing to do with asyncio gets a clear "no close match".
  await box.fill('the weather in Lisbon tomorrow');
  await expect(panel.getByText(/No close match for/)).toBeVisible();
  await expect(options).toHaveCount(0);

  expect(requestsLeavingTheExtension(requests, extensionId)).toEqual([]);
});

test('a card shows highlighted matches, code with its real output, and a copy button; light and dark screenshots', async ({
  openPanelPage,
}) => {
  const panel = await openPanelPage();
  const box = panel.getByRole('combobox', { name: 'Search asyncio cards' });
  await box.fill('asyncio.gather results order');
  await box.press('Enter');
  const article = panel.locator('article');
  await expect(article).toHaveAttribute('data-concept', 'gather');
  await expect(article.locator('mark').first()).toBeVisible();
  await expect(panel.getByTestId('code-source')).toContainText('asyncio');
  await expect(panel.getByTestId('code-output')).not.toBeEmpty();
  await expect(panel.getByRole('button', { name: 'Copy' })).toBeVisible();

  await panel.emulateMedia({ colorScheme: 'light' });
  await panel.screenshot({ path: 'test-results/panel-light.png', fullPage: false });
  await panel.emulateMedia({ colorScheme: 'dark' });
  await expect(panel.locator('body')).toHaveCSS('background-color', /rgb\(9, 9, 11\)|oklch\(0\.141/);
  await panel.screenshot({ path: 'test-results/panel-dark.png', fullPage: false });
});
