SELECT 'over TLS' AS channel;
