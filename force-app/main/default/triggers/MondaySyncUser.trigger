trigger MondaySyncUser on User(after insert, after update) {
  MondaySyncTrigger.captureChanges();
}
