trigger MondaySyncContact on Contact(after insert, after update, after delete, after undelete) {
  MondaySyncTrigger.captureChanges();
}
