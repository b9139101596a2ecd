// The page's one connection to /hubs/live (the official @microsoft/signalr client, restored from npm by the build).
// It keeps the notification badge current and shows invitations as they arrive; page scripts reuse window.live.
(function () {
  'use strict';
  if (!window.signalR) { return; }
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/live')
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(1000 * (ctx.previousRetryCount + 1), 10000) })
    .build();
  const reconnected = [];
  connection.onreconnected(() => { document.body.dataset.live = 'connected'; reconnected.forEach((f) => f()); });
  connection.onreconnecting(() => { document.body.dataset.live = 'reconnecting'; });

  function toast(text, link) {
    let box = document.getElementById('live-toasts');
    if (!box) {
      box = document.createElement('div');
      box.id = 'live-toasts';
      box.className = 'toasts';
      box.setAttribute('aria-live', 'polite');
      document.body.appendChild(box);
    }
    const item = document.createElement(link ? 'a' : 'div');
    item.className = 'toast';
    item.dataset.testid = 'live-toast';
    item.textContent = text; // never HTML: text from other users is shown as text
    if (link && link.startsWith('/')) { item.href = link; }
    box.appendChild(item);
    setTimeout(() => item.remove(), 8000);
  }

  function bumpBadge() {
    const link = document.querySelector('[data-testid="nav-notifications"]');
    if (!link) { return; }
    let badge = link.querySelector('[data-testid="unread-count"]');
    if (!badge) {
      badge = document.createElement('span');
      badge.className = 'count-badge';
      badge.dataset.testid = 'unread-count';
      badge.textContent = '0';
      link.appendChild(badge);
    }
    const current = parseInt(badge.textContent, 10) || 0;
    badge.textContent = current >= 99 ? '99+' : String(current + 1);
  }

  connection.on('notification', (n) => { bumpBadge(); toast(n.title + '：' + n.body, n.link); });
  // The invitation is also stored as a notification, which is not pushed separately: count it here.
  connection.on('invitation', (i) => { bumpBadge(); toast('撮合邀请：' + i.title + '（' + i.hostName + '）', '/Sessions/' + i.sessionId); });

  window.live = {
    connection,
    started: connection.start()
      .then(() => { document.body.dataset.live = 'connected'; })
      .catch((error) => console.warn('live channel unavailable', error)),
    onReconnected(handler) { reconnected.push(handler); },
    toast,
  };
})();
