package io.leadcapture.core;

/**
 * Contact profiles for tests. {@link #aContact()} starts with every field absent, so a test names
 * only the fields it is about.
 */
public final class ContactProfileTestData {

    private ContactProfileTestData() {
    }

    public static Builder aContact() {
        return new Builder();
    }

    public static final class Builder {
        private String email;
        private String phone;
        private String firstName;
        private String lastName;
        private String company;
        private String jobTitle;
        private String industry;
        private String companySize;
        private Boolean budgetResponsibility;
        private String country;
        private String postalCode;
        private String city;
        private Segment segment;

        private Builder() {
        }

        public Builder withEmail(String email) {
            this.email = email;
            return this;
        }

        public Builder withPhone(String phone) {
            this.phone = phone;
            return this;
        }

        public Builder withFirstName(String firstName) {
            this.firstName = firstName;
            return this;
        }

        public Builder withLastName(String lastName) {
            this.lastName = lastName;
            return this;
        }

        public Builder withCompany(String company) {
            this.company = company;
            return this;
        }

        public Builder withJobTitle(String jobTitle) {
            this.jobTitle = jobTitle;
            return this;
        }

        public Builder withIndustry(String industry) {
            this.industry = industry;
            return this;
        }

        public Builder withCompanySize(String companySize) {
            this.companySize = companySize;
            return this;
        }

        public Builder withBudgetResponsibility(Boolean budgetResponsibility) {
            this.budgetResponsibility = budgetResponsibility;
            return this;
        }

        public Builder withCountry(String country) {
            this.country = country;
            return this;
        }

        public Builder withPostalCode(String postalCode) {
            this.postalCode = postalCode;
            return this;
        }

        public Builder withCity(String city) {
            this.city = city;
            return this;
        }

        public Builder withSegment(Segment segment) {
            this.segment = segment;
            return this;
        }

        public ContactProfile build() {
            return new ContactProfile(email, phone, firstName, lastName, company, jobTitle, industry, companySize,
                    budgetResponsibility, country, postalCode, city, segment);
        }
    }
}
