package io.leadcapture.core;

/**
 * Submissions for tests. {@link #aSubmission()} is a real (not test) delivery of
 * {@link InteractionTestData#anInteraction()} from an email-only contact.
 */
public final class SubmissionTestData {

    private SubmissionTestData() {
    }

    public static Builder aSubmission() {
        return new Builder();
    }

    public static final class Builder {
        private ContactProfile contact = ContactProfileTestData.aContact().withEmail("max@firma.de").build();
        private Interaction interaction = InteractionTestData.anInteraction().build();
        private boolean test;

        private Builder() {
        }

        public Builder withContact(ContactProfile contact) {
            this.contact = contact;
            return this;
        }

        public Builder withContact(ContactProfileTestData.Builder contact) {
            return withContact(contact.build());
        }

        public Builder withInteraction(Interaction interaction) {
            this.interaction = interaction;
            return this;
        }

        public Builder withInteraction(InteractionTestData.Builder interaction) {
            return withInteraction(interaction.build());
        }

        /** A platform test delivery. */
        public Builder withTest(boolean test) {
            this.test = test;
            return this;
        }

        public Submission build() {
            return new Submission(contact, interaction, test);
        }
    }
}
