/* Writes a realistic agent log of a given size for the AZCM benchmark:
 * logrus lines (heartbeats, debug chatter, now and then an error with an
 * AZCM code) with rising timestamps, and the newest code a few lines
 * before the end. Usage: azcm_loggen PATH BYTES END_EPOCH */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s PATH BYTES END_EPOCH\n", argv[0]);
        return 2;
    }
    unsigned long long want = strtoull(argv[2], NULL, 10);
    time_t end = (time_t)strtoll(argv[3], NULL, 10);
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    static const int codes[] = {26, 41, 64, 81, 62, 2, 70};
    static char buf[1 << 20];
    setvbuf(f, buf, _IOFBF, sizeof(buf));
    /* time runs at ~170 bytes a second so that the last line is at END_EPOCH */
    unsigned long long written = 0, i = 0;
    unsigned seed = 12345;
    while (written < want) {
        char ts[32];
        struct tm tm;
        time_t now = end - (time_t)((want - written) / 170);
        gmtime_r(&now, &tm);
        strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
        seed = seed * 1103515245u + 12345u;
        int n;
        unsigned long long left = want - written;
        if (left < 2000 && left > 1000) {
            /* the newest code: a few lines before the end */
            n = fprintf(f,
                        "time=\"%s\" level=error msg=\"Regional Service Discovery\" Error=\"Get "
                        "\\\"https://gbl.his.arc.azure.com/discovery?location=westeurope&api-"
                        "version=2.1\\\": dial tcp: lookup gbl.his.arc.azure.com: no such host\"\n"
                        "time=\"%s\" level=fatal msg=\"AZCM0026: Network Error\"\n",
                        ts, ts);
            written += 1000; /* make sure it is written only once */
        } else if (seed % 20011 == 0) {
            n = fprintf(f,
                        "time=\"%s\" level=error msg=\"AZCM%04d: operation failed\" "
                        "Error=\"simulated failure %u\"\n",
                        ts, codes[(seed >> 16) % 7], seed);
        } else if (seed % 5 == 0) {
            n = fprintf(f,
                        "time=\"%s\" level=info msg=\"Heartbeat sent\" Status=200 "
                        "Endpoint=\"https://weu.his.arc.azure.com/heartbeat\" Seq=%llu\n",
                        ts, i);
        } else {
            n = fprintf(f,
                        "time=\"%s\" level=debug msg=\"https://weu.his.arc.azure.com is "
                        "available, using cryptographic protocol: TLS 1.3\" Conn=%u\n",
                        ts, seed % 1000);
        }
        if (n < 0) {
            perror("write");
            return 1;
        }
        written += (unsigned long long)n;
        i++;
    }
    if (fclose(f) != 0) {
        perror("close");
        return 1;
    }
    return 0;
}
