trigger MondaySyncCase on Case(after insert, after update, after delete, after undelete) {
  MondaySyncTrigger.captureChanges();
}
