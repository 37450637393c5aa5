"""The reporting workflow: departments and counties report their own rows, analysts review them, and the
office chases whoever has not reported (催报). One module per concern:

* ``schema`` — the workflow's tables (own MetaData, in the ledger database, created on first write);
* ``scope`` — which rows are a reporter's, and the last check before anything is stored;
* ``periods`` — each month's 填报期 and its due date (``[reporting]``);
* ``submissions`` — a reporter's records held for review (待审核), with their events;
* ``review`` — 通过 (one import, in the same transaction as the state change) and 退回 (with a reason);
* ``evidence`` — 佐证材料 files, checked by content (``[evidence]``);
* ``comments`` — 批示 and 说明 on indicator and task items;
* ``reminders`` — the missing reports per department and county, days overdue, the 催报通知;
* ``figures`` — figures read from 工作完成情况, proposed for an analyst to accept.

The use cases that combine them with the store and the upload engine are in :mod:`ledger.service`.
"""
