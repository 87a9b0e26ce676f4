package com.slaledger.projection;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The projection's transaction manager in tests, able to lose the answer to a commit: the commit
 * happens, then the caller gets the failure a connection lost while committing gives (as when
 * PostgreSQL restarts at that moment). It can also throw an {@link Error} at a commit, before or
 * after committing, as a heap or stack running out there would. What the service does next is what the fault suite's
 * PostgreSQL restarts meet by chance.
 */
@TestConfiguration(proxyBeanMethods = false)
public class LostCommitAnswers {

    @Bean
    Manager transactionManager(DataSource dataSource) {
        return new Manager(dataSource);
    }

    public static class Manager extends JdbcTransactionManager {

        private record ErrorAtCommit(Predicate<Thread> on, Error error, boolean afterCommitting) {}

        private final AtomicReference<Predicate<Thread>> loseNext = new AtomicReference<>();
        private final AtomicInteger lost = new AtomicInteger();
        private final AtomicReference<ErrorAtCommit> errorNext = new AtomicReference<>();
        private final AtomicInteger errors = new AtomicInteger();

        Manager(DataSource dataSource) {
            super(dataSource);
        }

        /** The next commit made on a thread that matches commits, and its caller is told it failed. */
        public void loseNextAnswer(Predicate<Thread> on) {
            loseNext.set(on);
        }

        /** How many answers were lost so far. */
        public int lost() {
            return lost.get();
        }

        /**
         * The next commit made on a thread that matches throws {@code error}: before committing (the
         * transaction is rolled back) or after.
         */
        public void errorAtNextCommit(Predicate<Thread> on, Error error, boolean afterCommitting) {
            errorNext.set(new ErrorAtCommit(on, error, afterCommitting));
        }

        /** How many injected Errors were thrown so far. */
        public int errors() {
            return errors.get();
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            ErrorAtCommit error = errorNext.get();
            if (error != null && error.on().test(Thread.currentThread()) && errorNext.compareAndSet(error, null)) {
                if (error.afterCommitting()) {
                    super.doCommit(status);
                }
                errors.incrementAndGet();
                throw error.error();
            }
            super.doCommit(status);
            Predicate<Thread> on = loseNext.get();
            if (on != null && on.test(Thread.currentThread()) && loseNext.compareAndSet(on, null)) {
                lost.incrementAndGet();
                throw new TransactionSystemException("committed, but the answer was lost (test)");
            }
        }
    }
}
