trigger MondayRecordChangeTrigger on Monday_Record_Change__e(after insert) {
  MondayOutboxIntake.handleEvents(Trigger.new);
}
