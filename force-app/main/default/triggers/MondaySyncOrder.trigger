trigger MondaySyncOrder on Order(after insert, after update, after delete, after undelete) {
  MondaySyncTrigger.captureChanges();
}
