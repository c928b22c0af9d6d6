trigger MondaySyncOpportunity on Opportunity(after insert, after update, after delete, after undelete) {
  MondaySyncTrigger.captureChanges();
}
