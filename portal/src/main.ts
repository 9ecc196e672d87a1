/**
 * The account portal: one page, drawn by the views in views/ from the typed client's answers.
 * Routes live in the hash (#/, #/staff, #/staff/<slug>), so the gateway serves one index.html.
 */
import { createClient, SignOutDocument, ViewerDocument } from '../../client';
import type { App, Viewer } from './app';
import { draw, h, type Child } from './dom';
import { sessionStorageTokenStore } from './session-store';
import { accountView } from './views/account';
import { staffBoardView } from './views/staff-board';
import { staffExperimentView } from './views/staff-experiment';
import { welcomeView } from './views/welcome';
import { errorContent } from './action-form';
import { isStaff } from './words';

const store = sessionStorageTokenStore();
const client = createClient({ url: '/graphql', clientKind: 'portal', tokenStore: store });
const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;
const status = document.getElementById('status')!;

let hasSession = store.load() !== null;
let viewer: Viewer | null = null;
/** Bumped by every render: a slower, older render must not draw over a newer one. */
let generation = 0;

const route = (): string[] => (location.hash.startsWith('#/') ? location.hash.slice(2).split('/').filter(Boolean).map(decodeURIComponent) : []);

const app: App = {
  async request(document, ...variables) {
    const result = await client.request(document, ...variables);
    // 401: the gateway refused the session itself, and the client's renewal could not save it.
    if (!result.ok && result.error.code === 'UNAUTHENTICATED' && result.error.httpStatus === 401 && hasSession) {
      void app.endSession('Your session has ended. Sign in again.');
    }
    return result;
  },
  async startSession(tokens) {
    await client.setSession(tokens);
    hasSession = true;
    viewer = null;
  },
  async home(message) {
    await app.go('#/');
    app.announce(message);
  },
  async endSession(message) {
    if (!hasSession) return;
    hasSession = false;
    viewer = null;
    await client.setSession(null);
    await app.home(message);
  },
  get viewer() {
    return viewer;
  },
  announce(message) {
    // Emptied first, so the same sentence twice is read out twice.
    status.textContent = '';
    requestAnimationFrame(() => (status.textContent = message));
  },
  async refresh(message) {
    await render(false);
    if (message) app.announce(message);
  },
  go(target) {
    if (location.hash !== target) history.pushState(null, '', target);
    return render(true);
  },
};

async function loadViewer(): Promise<Child[] | null> {
  if (!hasSession || viewer) return null;
  const result = await app.request(ViewerDocument);
  if (result.ok && result.data.me) {
    viewer = { id: result.data.me.id, displayName: result.data.me.displayName, roles: result.data.me.roles };
    return null;
  }
  if (!hasSession) return null;
  return [h('h1', { tabindex: -1 }, 'Your account'), h('div', { class: 'error', role: 'alert' }, result.ok ? h('p', {}, 'Your session has ended. Sign in again.') : errorContent(result.error))];
}

function drawNav(): void {
  if (!hasSession || !viewer) return draw(nav, null);
  const current = route()[0] ?? '';
  const link = (href: string, text: string, here: boolean) => h('a', { href, 'aria-current': here ? 'page' : undefined }, text);
  draw(nav, [
    h('span', { class: 'muted' }, `Signed in as ${viewer.displayName}`),
    link('#/', 'My account', current === ''),
    isStaff(viewer.roles) ? link('#/staff', 'Staff', current === 'staff') : null,
    h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: signOut }, 'Sign out'),
  ]);
}

async function signOut(): Promise<void> {
  // The session ends here whatever the server says: signOut also revokes it there when it can.
  await client.request(SignOutDocument);
  await app.endSession('You are signed out.');
}

function view(path: string[]): Promise<Child[]> {
  if (!hasSession) return welcomeView(app);
  if (path[0] === 'staff' && path[1]) return staffExperimentView(app, path[1]);
  if (path[0] === 'staff') return staffBoardView(app);
  return accountView(app);
}

/** Draws the page for the current route. A new page moves the focus to its heading; a refresh keeps it where it was. */
async function render(newPage: boolean): Promise<void> {
  const mine = ++generation;
  const focused = newPage ? undefined : document.activeElement?.id;
  const failed = await loadViewer();
  const nodes = failed ?? (await view(route()));
  if (mine !== generation) return;
  // What the status line said was about the page before.
  if (newPage) status.textContent = '';
  drawNav();
  draw(main, nodes);
  const heading = main.querySelector('h1');
  document.title = heading ? `${heading.textContent} · Beta account portal` : 'Beta account portal';
  const again = focused ? document.getElementById(focused) : null;
  if (again) again.focus();
  else if (newPage || focused) (heading ?? main).focus();
}

// Links to #/… and the back button (a fragment navigation fires popstate, then hashchange: one is enough).
window.addEventListener('popstate', () => {
  if (location.hash === '' || location.hash.startsWith('#/')) void render(true);
});
// The skip link focuses the content instead of changing the route.
document.querySelector('.skip')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
void render(false);
