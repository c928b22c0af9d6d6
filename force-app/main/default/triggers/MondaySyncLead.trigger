trigger MondaySyncLead on Lead(after insert, after update, after delete, after undelete) {
  MondaySyncTrigger.captureChanges();
}
