trigger MondaySyncUser on User(after insert, after update) {
  MondayChangeCapture.handleTrigger();
}
