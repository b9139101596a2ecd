// The live chat of one consultation. Messages are kept by their sequence number: the join (and every rejoin after a
// reconnect) asks for everything after the last number held, and a number already shown is never shown twice.
(function () {
  'use strict';
  const chat = document.getElementById('chat');
  if (!chat || !window.live) { return; }
  const id = chat.dataset.consultation;
  const me = chat.dataset.me;
  const log = document.getElementById('chat-log');
  const typing = document.getElementById('chat-typing');
  const readLine = document.getElementById('chat-read');
  const errorLine = document.getElementById('chat-error');
  const connection = window.live.connection;
  const shown = new Set();
  let last = 0;
  let typingTimer = null;

  function showError(error) {
    const text = String(error && error.message ? error.message : error);
    errorLine.textContent = text.includes('HubException: ') ? text.split('HubException: ').pop() : text;
    errorLine.hidden = false;
  }

  function render(m) {
    if (shown.has(m.seq)) { return; }
    shown.add(m.seq);
    last = Math.max(last, m.seq);
    const item = document.createElement('li');
    item.className = m.senderUserId === me ? 'mine' : 'theirs';
    item.dataset.seq = m.seq;
    item.dataset.testid = 'chat-message';
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = m.text;
    item.appendChild(body);
    if (m.attachmentId) {
      const file = document.createElement('a');
      file.href = '/api/consultations/' + id + '/attachments/' + m.attachmentId;
      file.textContent = '📎 ' + (m.attachmentName || '附件');
      file.dataset.testid = 'chat-attachment';
      item.appendChild(file);
    }
    const time = document.createElement('time');
    time.textContent = new Date(m.sentAt).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });
    item.appendChild(time);
    const after = Array.from(log.children).find((li) => Number(li.dataset.seq) > m.seq);
    log.insertBefore(item, after || null);
    log.scrollTop = log.scrollHeight;
  }

  function showRead(seq) { if (seq > 0) { readLine.textContent = '对方已读至第 ' + seq + ' 条'; } }

  async function markRead() {
    if (last > 0 && document.visibilityState === 'visible') {
      try { await connection.invoke('MarkRead', id, last); } catch (error) { console.warn(error); }
    }
  }

  async function join() {
    const result = await connection.invoke('JoinConsultation', id, last);
    result.messages.forEach(render);
    showRead(chat.dataset.side === 'company' ? result.engineerReadSeq : result.companyReadSeq);
    chat.dataset.joined = 'true';
    await markRead();
  }

  connection.on('message', (m) => { if (m.consultationId === id) { render(m); typing.hidden = true; markRead(); } });
  connection.on('typing', (t) => {
    if (t.consultationId !== id) { return; }
    typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typing.hidden = true; }, 3000);
  });
  connection.on('read', (r) => { if (r.consultationId === id && r.userId !== me) { showRead(r.seq); } });
  // Accepted, ended, rated by the other side: the page's forms change, so it reloads (the chat resyncs on load).
  connection.on('consultation', (c) => { if (c.consultationId === id && c.status !== chat.dataset.status) { location.reload(); } });
  document.addEventListener('visibilitychange', markRead);

  const form = document.getElementById('chat-form');
  if (form) {
    const input = document.getElementById('chat-input');
    const fileInput = document.getElementById('chat-file');
    let lastTyping = 0;
    input.addEventListener('input', () => {
      const now = Date.now();
      if (now - lastTyping > 2000) { lastTyping = now; connection.invoke('Typing', id).catch(() => {}); }
    });
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); } });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errorLine.hidden = true;
      const text = input.value.trim();
      const file = fileInput.files[0];
      if (!text && !file) { return; }
      try {
        let attachmentId = null;
        if (file) {
          const data = new FormData();
          data.append('file', file);
          data.append('__RequestVerificationToken', document.querySelector('input[name="__RequestVerificationToken"]').value);
          const response = await fetch('/Consultations/' + id + '?handler=Upload', { method: 'POST', body: data });
          const answer = await response.json();
          if (!response.ok) { throw new Error(answer.detail || '上传失败'); }
          attachmentId = answer.id;
        }
        render(await connection.invoke('SendMessage', id, text, attachmentId));
        input.value = '';
        fileInput.value = '';
      } catch (error) { showError(error); }
    });
  }

  window.live.started.then(join).catch(showError);
  window.live.onReconnected(() => join().catch(showError));
})();
