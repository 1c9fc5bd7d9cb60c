/** The persistent banner (synthetic data) and the transient notice box (basemap, errors). */
export function showBanner(text: string): void {
  const banner = document.getElementById('banner')!;
  banner.textContent = text;
  banner.hidden = false;
}

export function showNotice(text: string, options: { error?: boolean; retry?: () => void } = {}): void {
  const notice = document.getElementById('notice')!;
  notice.replaceChildren();
  const p = document.createElement('p');
  p.style.margin = '0';
  p.textContent = text;
  if (options.error) p.className = 'error';
  notice.append(p);
  if (options.retry) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Retry';
    button.addEventListener('click', options.retry);
    notice.append(button);
  }
  notice.hidden = false;
}
