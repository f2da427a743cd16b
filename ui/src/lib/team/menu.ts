// Keyboard handling shared by the team's and labels' menus (WAI-ARIA menu pattern):
// arrows and Home/End move between items, Escape closes, Tab leaves.

const ITEMS = '[role="menuitem"], [role="menuitemcheckbox"], [role="menuitemradio"]';

export function menuItems(menu: HTMLElement): HTMLElement[] {
  return Array.from(menu.querySelectorAll<HTMLElement>(ITEMS)).filter((item) => !item.hasAttribute('disabled'));
}

export function focusFirstItem(menu: HTMLElement | undefined): void {
  if (menu) menuItems(menu)[0]?.focus();
}

/// Moves focus for arrow keys; `onClose` for Escape and Tab. Space and Enter are left to
/// the focused button, which activates.
export function menuKeydown(event: KeyboardEvent, menu: HTMLElement, onClose: (refocus: boolean) => void): void {
  const items = menuItems(menu);
  const index = items.indexOf(document.activeElement as HTMLElement);
  const focus = (i: number) => items[(i + items.length) % items.length]?.focus();
  switch (event.key) {
    case 'ArrowDown':
      event.preventDefault();
      focus(index + 1);
      break;
    case 'ArrowUp':
      event.preventDefault();
      focus(index < 0 ? items.length - 1 : index - 1);
      break;
    case 'Home':
      event.preventDefault();
      focus(0);
      break;
    case 'End':
      event.preventDefault();
      focus(items.length - 1);
      break;
    case 'Escape':
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
      break;
    case 'Tab':
      onClose(false);
      break;
  }
}
