// A matching session: the company's live board (answers arrive and take their rank's row) or the engineer's answer buttons.
(function () {
  'use strict';
  if (!window.live) { return; }
  const connection = window.live.connection;
  const board = document.getElementById('board');
  if (board) {
    const id = board.dataset.session;
    const names = { Interested: '有意向', Declined: '婉拒', Question: '提问', Pending: '未答复' };
    function apply(answer) {
      const row = board.querySelector('tr[data-invitation="' + answer.invitationId + '"]');
      if (!row) { return; }
      const cell = row.querySelector('[data-role="answer"]');
      cell.dataset.answer = answer.answer;
      cell.textContent = answer.answerName || names[answer.answer] || answer.answer;
      if (answer.note) {
        const note = document.createElement('span');
        note.className = 'muted';
        note.textContent = '：' + answer.note; // an engineer's words, shown as text
        cell.appendChild(note);
      }
      row.classList.add('answered');
    }
    connection.on('answer', (a) => { if (a.sessionId === id) { apply(a); } });
    connection.on('sessionClosed', (sessionId) => { if (sessionId === id) { location.reload(); } });
    const watch = async () => {
      const session = await connection.invoke('WatchSession', id);
      session.invitations.filter((i) => i.answer !== 'Pending').forEach((i) =>
        apply({ invitationId: i.id, answer: i.answer, answerName: i.answerName, note: i.note }));
      board.dataset.live = 'true';
    };
    window.live.started.then(watch);
    window.live.onReconnected(watch);
  }

  const form = document.getElementById('answer-form');
  if (form) {
    const id = document.getElementById('invitation').dataset.session;
    const error = document.getElementById('answer-error');
    form.querySelectorAll('button[data-answer]').forEach((button) => button.addEventListener('click', async () => {
      error.hidden = true;
      try {
        const result = await connection.invoke('AnswerInvitation', id, button.dataset.answer, document.getElementById('answer-note').value || null);
        document.getElementById('my-answer').textContent = result.answerName;
      } catch (e) {
        const text = String(e && e.message ? e.message : e);
        error.textContent = text.includes('HubException: ') ? text.split('HubException: ').pop() : text;
        error.hidden = false;
      }
    }));
    connection.on('sessionClosed', (sessionId) => { if (sessionId === id) { location.reload(); } });
  }
})();
