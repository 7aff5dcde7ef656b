package org.tenantio.importer.bench;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import javax.sql.DataSource;
import org.apache.commons.validator.routines.EmailValidator;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.item.ItemProcessor;
import org.springframework.batch.item.database.JdbcBatchItemWriter;
import org.springframework.batch.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.item.file.FlatFileItemReader;
import org.springframework.batch.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * What a user would write instead of this service: the idiomatic Spring Batch job of the issue,
 * framework defaults throughout. FlatFileItemReader → commons-validator and libphonenumber in an
 * ItemProcessor (invalid rows filtered out) → JdbcBatchItemWriter with INSERT … ON CONFLICT on
 * the external id, chunks of 1000, one thread. It neither matches people nor quarantines rows.
 * The job repository is Spring Batch's resourceless one: no metadata tables to set up, and the
 * job's per-chunk bookkeeping is left out of its figure rather than added to it.
 */
final class SpringBatchReference {

    record Person(String externalId, String firstName, String lastName, String email, String phone,
                  String dateOfBirth, String street, String city, String state, String postalCode, String country) {
    }

    private static final String UPSERT = """
            INSERT INTO bench_batch_person (external_id, first_name, last_name, email, phone, date_of_birth,
                                            street, city, state, postal_code, country)
            VALUES (:externalId, :firstName, :lastName, :email, :phone, :dateOfBirth,
                    :street, :city, :state, :postalCode, :country)
            ON CONFLICT (external_id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                email = EXCLUDED.email, phone = EXCLUDED.phone, date_of_birth = EXCLUDED.date_of_birth,
                street = EXCLUDED.street, city = EXCLUDED.city, state = EXCLUDED.state,
                postal_code = EXCLUDED.postal_code, country = EXCLUDED.country""";

    private SpringBatchReference() {
    }

    /** A fresh target table with the external id as primary key; then the job over the file. */
    static StepExecution run(DataSource dataSource, Path csv) throws Exception {
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_batch_person");
            st.execute("""
                    CREATE TABLE bench_batch_person (external_id text PRIMARY KEY, first_name text NOT NULL,
                        last_name text NOT NULL, email text, phone text, date_of_birth date, street text, city text,
                        state text, postal_code text, country text)""");
        }
        JobRepository repository = new ResourcelessJobRepository();
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        FlatFileItemReader<Person> reader = new FlatFileItemReaderBuilder<Person>()
                .name("people")
                .resource(new FileSystemResource(csv))
                .encoding("UTF-8")
                .linesToSkip(1)
                .delimited()
                .names("externalId", "firstName", "lastName", "email", "phone", "dateOfBirth", "street", "city", "state",
                        "postalCode", "country")
                .targetType(Person.class)
                .build();
        JdbcBatchItemWriter<Person> writer = new JdbcBatchItemWriterBuilder<Person>()
                .dataSource(dataSource)
                .sql(UPSERT)
                .itemSqlParameterSourceProvider(p -> new MapSqlParameterSource()
                        .addValue("externalId", p.externalId()).addValue("firstName", p.firstName())
                        .addValue("lastName", p.lastName()).addValue("email", p.email()).addValue("phone", p.phone())
                        .addValue("dateOfBirth", p.dateOfBirth() == null ? null : LocalDate.parse(p.dateOfBirth()))
                        .addValue("street", p.street()).addValue("city", p.city()).addValue("state", p.state())
                        .addValue("postalCode", p.postalCode()).addValue("country", p.country()))
                .build();
        writer.afterPropertiesSet();
        Job job = new JobBuilder("people", repository)
                .start(new StepBuilder("load", repository)
                        .<Person, Person>chunk(1000, transactions)
                        .reader(reader)
                        .processor(new Validation())
                        .writer(writer)
                        .build())
                .build();
        TaskExecutorJobLauncher launcher = new TaskExecutorJobLauncher();
        launcher.setJobRepository(repository);
        launcher.afterPropertiesSet();
        JobExecution execution = launcher.run(job, new JobParameters());
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException("Spring Batch job ended " + execution.getStatus() + ": "
                    + execution.getAllFailureExceptions());
        }
        return execution.getStepExecutions().iterator().next();
    }

    /** Trims, checks email and phone (normalised to E.164) and the birth date; an invalid row is filtered out. */
    static final class Validation implements ItemProcessor<Person, Person> {
        private final EmailValidator emails = EmailValidator.getInstance();
        private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

        @Override
        public Person process(Person p) {
            String email = blank(p.email()) ? null : p.email().trim().toLowerCase(java.util.Locale.ROOT);
            if (email != null && !emails.isValid(email)) {
                return null;
            }
            String phone = null;
            if (!blank(p.phone())) {
                try {
                    var number = phones.parse(p.phone(), blank(p.country()) ? "GB" : p.country().trim());
                    if (!phones.isValidNumber(number)) {
                        return null;
                    }
                    phone = phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
                } catch (NumberParseException e) {
                    return null;
                }
            }
            if (blank(p.firstName()) || blank(p.lastName()) || (email == null && phone == null)) {
                return null;
            }
            String birth = blank(p.dateOfBirth()) ? null : p.dateOfBirth().trim();
            try {
                if (birth != null && LocalDate.parse(birth).isAfter(LocalDate.now())) {
                    return null;
                }
            } catch (DateTimeParseException e) {
                return null;
            }
            return new Person(p.externalId().trim(), p.firstName().trim(), p.lastName().trim(), email, phone, birth,
                    trim(p.street()), trim(p.city()), trim(p.state()), trim(p.postalCode()), trim(p.country()));
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }

        private static String trim(String s) {
            return blank(s) ? null : s.trim();
        }
    }
}
