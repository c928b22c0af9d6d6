trigger MondayRecipeTrigger on Monday_Recipe__c(
  before insert,
  before update,
  after insert,
  after update,
  after delete,
  after undelete
) {
  MondayRecipeTriggerHandler.handleTrigger();
}
