trigger MondaySyncCampaign on Campaign(after insert, after update, after delete, after undelete) {
  MondaySyncTrigger.captureChanges();
}
