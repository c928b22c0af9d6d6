trigger MondaySyncAccount on Account(after insert, after update, after delete, after undelete) {
  MondaySyncTrigger.captureChanges();
}
